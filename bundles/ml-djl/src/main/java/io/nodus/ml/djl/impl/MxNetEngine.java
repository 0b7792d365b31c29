package io.nodus.ml.djl.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import ai.djl.engine.Engine;

/**
 * Starts DJL's MXNet engine from the native libraries embedded in this bundle, offline, extracting them into
 * {@code cacheDir} (DJL_CACHE_DIR). DJL finds engines and native resources through the thread context class
 * loader, so every call into DJL runs with it set to {@code loader} (see shared notes, "DJL + MXNet inside Felix").
 */
final class MxNetEngine {

    static final String ENGINE = "MXNet";

    private final ClassLoader loader;
    private final Path cacheDir;
    private Engine engine;

    MxNetEngine(Path cacheDir, ClassLoader loader) {
        this.cacheDir = cacheDir;
        this.loader = loader;
    }

    Path cacheDir() {
        return cacheDir;
    }

    /** Runs {@code work} with the engine started and the context class loader set; one call at a time. */
    synchronized <T> T call(Callable<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            if (engine == null) {
                engine = start();
            }
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    private Engine start() throws IOException {
        Files.createDirectories(cacheDir);
        // DJL reads these as environment variables or system properties; only one node runs per JVM.
        System.setProperty("DJL_CACHE_DIR", cacheDir.toString());
        System.setProperty("ENGINE_CACHE_DIR", cacheDir.toString());
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", ENGINE);
        System.setProperty("ai.djl.disable_telemetry", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        return Engine.getEngine(ENGINE);
    }

    String version() {
        return call(() -> engine.getEngineName() + " " + engine.getVersion());
    }
}
