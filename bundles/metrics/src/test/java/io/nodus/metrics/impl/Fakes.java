package io.nodus.metrics.impl;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;

import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

import io.nodus.api.node.NodeInfo;

/** Stand-ins for what Declarative Services would inject, so components can be driven from plain tests. */
final class Fakes {

    private Fakes() {
    }

    /** A proxy of {@code type} answering method names from {@code answers}; anything else returns null/0/false. */
    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, Map<String, BiFunction<Object[], Object, Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            BiFunction<Object[], Object, Object> answer = answers.get(method.getName());
            if (answer != null) {
                return answer.apply(args, proxy);
            }
            if (method.getName().equals("toString")) {
                return "fake " + type.getSimpleName();
            }
            Class<?> r = method.getReturnType();
            if (r == boolean.class) {
                return false;
            }
            if (r == int.class || r == long.class || r == double.class) {
                return r == int.class ? 0 : r == long.class ? 0L : 0.0;
            }
            return null;
        });
    }

    static NodeInfo node(Path data, String profile) {
        Instant started = Instant.now();
        return of(NodeInfo.class, Map.of("profile", (a, p) -> profile, "dataDir", (a, p) -> data,
                "name", (a, p) -> profile, "startedAt", (a, p) -> started));
    }

    /** A logger that drops everything (the tests assert on effects, not on log lines). */
    static Logger logger() {
        return of(Logger.class, Map.of());
    }

    static BundleContext context(Map<String, String> frameworkProperties) {
        return of(BundleContext.class, Map.of("getProperty", (a, p) -> frameworkProperties.get((String) a[0])));
    }

    /** Sets a private field the way DS field injection does. */
    static void inject(Object target, String field, Object value) {
        try {
            Field f = target.getClass().getDeclaredField(field);
            f.setAccessible(true);
            f.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot inject " + field + " into " + target.getClass().getSimpleName(), e);
        }
    }
}
