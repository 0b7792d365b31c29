package io.nodus.itests.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;

import org.ops4j.pax.exam.Option;

/**
 * The bundle set and framework properties of one profile exactly as shipped: read from the runnable
 * jar the launcher module exported ({@code launcher/target/<profile>.jar}), so the tests boot what
 * users run, not a hand-kept list.
 */
public final class ExportedProfile {

    final String name;
    final List<Path> bundles = new ArrayList<>();
    final Map<String, String> frameworkProperties = new LinkedHashMap<>();

    private ExportedProfile(String name) {
        this.name = name;
    }

    /** Pax Exam options that boot this profile's bundles with its framework properties and a fresh data dir. */
    public static Option[] paxOptions(String profile) throws IOException {
        Path work = Path.of("target").toAbsolutePath();
        ExportedProfile p = load(profile, work);
        Path data = Files.createTempDirectory(Files.createDirectories(work.resolve("pax-data")), profile);
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches(true));
        options.add(junitBundles());
        options.add(frameworkProperty("nodus.data").value(data.toString()));
        options.add(frameworkProperty("felix.fileinstall.dir").value(data.resolve("etc").toString()));
        for (Map.Entry<String, String> e : p.frameworkProperties.entrySet()) {
            options.add(frameworkProperty(e.getKey()).value(e.getValue()));
        }
        for (Path bundle : p.bundles) {
            // fragments (e.g. Netty's native epoll library) attach to their host and are never started
            options.add(isFragment(bundle) ? bundle(bundle.toUri().toString()).noStart() : bundle(bundle.toUri().toString()));
        }
        return options.toArray(new Option[0]);
    }

    private static boolean isFragment(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
        }
    }

    static ExportedProfile load(String profile, Path workDir) {
        Path jar = Path.of(System.getProperty("nodus.launcher.dir", "../launcher/target"), profile + ".jar");
        ExportedProfile p = new ExportedProfile(profile);
        try (JarFile file = new JarFile(jar.toFile())) {
            Properties launch = new Properties();
            try (InputStream in = file.getInputStream(file.getEntry("launcher.properties"))) {
                launch.load(in);
            }
            Path dir = Files.createDirectories(workDir.resolve("profiles").resolve(profile));
            for (String entry : launch.getProperty("launch.bundles").split(",")) {
                Path target = dir.resolve(Path.of(entry).getFileName().toString());
                try (InputStream in = file.getInputStream(file.getEntry(entry))) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                p.bundles.add(target);
            }
            for (String key : launch.stringPropertyNames()) {
                if (!key.startsWith("launch.")) {
                    p.frameworkProperties.put(key, launch.getProperty(key));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exported profile " + jar + " (run the launcher build first)", e);
        }
        return p;
    }
}
