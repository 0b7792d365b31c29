package io.nodus.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Hot swap in a running node (worker profile): a consumer with a dynamic greedy reference binds a
 * freshly installed provider, rebinds without being recreated when the provider bundle is updated,
 * and sees it gone when it is uninstalled.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BundleDynamicsTest {

    static final long DEADLINE_MILLIS = 10_000;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        Path dir = Path.of("target", "fixtures").toAbsolutePath();
        Path consumer = FixtureBundles.build("io.nodus.itests.consumer", "1.0.0", "io.nodus.itests.fixture.consumer", dir);
        Path v1 = FixtureBundles.build("io.nodus.itests.provider", "1.0.0", "io.nodus.itests.fixture.provider", dir);
        Path v2 = FixtureBundles.build("io.nodus.itests.provider", "2.0.0", "io.nodus.itests.fixture.provider",
                dir.resolve("v2"));
        return Stream.concat(Arrays.stream(ExportedProfile.paxOptions("worker")), Stream.of(
                frameworkProperty("fixture.consumer").value(consumer.toUri().toString()),
                frameworkProperty("fixture.provider.v1").value(v1.toUri().toString()),
                frameworkProperty("fixture.provider.v2").value(v2.toString()))).toArray(Option[]::new);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void consumerRebindsAcrossInstallUpdateUninstall() throws Exception {
        Bundle consumer = context.installBundle(context.getProperty("fixture.consumer"));
        Bundle provider = null;
        ServiceTracker<Callable, Callable> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=java.util.concurrent.Callable)(nodus.itest=consumer))"), null);
        tracker.open();
        try {
            consumer.start();
            Callable<Map<String, Object>> probe = tracker.waitForService(DEADLINE_MILLIS);
            assertNotNull("consumer component registered", probe);
            Map<String, Object> before = probe.call();
            assertEquals("no provider yet", "", before.get("greeting"));

            provider = context.installBundle(context.getProperty("fixture.provider.v1"));
            provider.start();
            Map<String, Object> bound = await(probe, s -> "hello 1.0.0".equals(s.get("greeting")));
            assertEquals(1, bound.get("binds"));

            try (InputStream v2 = Files.newInputStream(Path.of(context.getProperty("fixture.provider.v2")))) {
                provider.update(v2);
            }
            Map<String, Object> rebound = await(probe, s -> "hello 2.0.0".equals(s.get("greeting")));
            assertEquals("consumer not recreated", before.get("instance"), rebound.get("instance"));
            assertEquals("bound once more", 2, rebound.get("binds"));
            assertEquals("the same service object stays registered", probe, tracker.getService());

            provider.uninstall();
            provider = null;
            Map<String, Object> gone = await(probe, s -> "".equals(s.get("greeting")));
            assertEquals("consumer survives the provider", before.get("instance"), gone.get("instance"));
        } finally {
            tracker.close();
            if (provider != null) {
                provider.uninstall();
            }
            consumer.uninstall();
        }
    }

    private static Map<String, Object> await(Callable<Map<String, Object>> probe, Predicate<Map<String, Object>> condition)
            throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        Map<String, Object> state = probe.call();
        while (!condition.test(state)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not reached within " + DEADLINE_MILLIS + " ms; consumer state " + state);
            }
            Thread.sleep(20); // polling a condition with a deadline
            state = probe.call();
        }
        return state;
    }
}
