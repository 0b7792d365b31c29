package io.nodus.metrics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nodus.api.node.MetricsSource;

/** The endpoint over real HTTP on 127.0.0.1, with sources as the whiteboard would hand them over. */
class MetricsEndpointTest {

    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final List<MetricsEndpoint> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(MetricsEndpoint::deactivate);
    }

    private MetricsEndpoint endpoint(List<MetricsSource> sources, Map<String, Object> configured,
            Map<String, String> framework) {
        MetricsEndpoint e = new MetricsEndpoint();
        Fakes.inject(e, "node", Fakes.node(data, "worker"));
        Fakes.inject(e, "log", Fakes.logger());
        Fakes.inject(e, "sources", sources);
        e.activate(Fakes.context(framework), configured);
        started.add(e);
        return e;
    }

    private int portFromFile() throws IOException {
        return Integer.parseInt(Files.readString(data.resolve("run").resolve(MetricsEndpoint.PORT_FILE)).trim());
    }

    private HttpResponse<String> request(String method, int port, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(HTTP_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scrapeOverHttpCarriesEverySourceInTheTextFormat() throws Exception {
        MetricsSource custom = w -> w.counter("nodus_test_events_total", "Events of the test source", Map.of("kind", "x"), 42);
        endpoint(List.of(new JvmMetrics(), custom), Map.of(), Map.of());

        int port = portFromFile();
        assertTrue(port > 0, "a random port was bound and written down");
        HttpResponse<String> r = request("GET", port, "/metrics");
        assertEquals(200, r.statusCode());
        assertEquals(PrometheusTextWriter.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));

        Map<String, ExpositionFormat.Family> families = ExpositionFormat.parse(r.body());
        assertEquals(42, families.get("nodus_test_events_total").value(Map.of("kind", "x")));
        assertEquals("counter", families.get("nodus_test_events_total").type());
        assertEquals("Events of the test source", families.get("nodus_test_events_total").help());
        assertTrue(families.get("process_resident_memory_bytes").value() > 1 << 20, "RSS of a JVM is over 1 MiB");
        assertTrue(families.get("jvm_threads_current").value() >= 1);
        assertTrue(families.get("jvm_memory_used_bytes").value(Map.of("area", "heap")) > 0);
        assertEquals("gauge", families.get("jvm_memory_used_bytes").type());
        assertEquals(2, families.get("nodus_metrics_sources").value());
        assertEquals(1, families.get("nodus_metrics_scrapes_total").value());
        assertEquals(2, ExpositionFormat.parse(request("GET", port, "/metrics").body()).get("nodus_metrics_scrapes_total").value(),
                "the scrape counter counts");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        endpoint(List.of(), Map.of(), Map.of());
        int port = portFromFile();
        assertEquals(404, request("GET", port, "/").statusCode());
        assertEquals(404, request("GET", port, "/metrics/x").statusCode());
        HttpResponse<String> post = request("POST", port, "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> head = request("HEAD", port, "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void aFailingSourceLosesOnlyItsOwnFigures() throws Exception {
        MetricsSource broken = w -> {
            throw new IllegalStateException("source broke");
        };
        MetricsSource conflicting = w -> w.gauge("nodus_metrics_scrapes_total", "wrong type for a known family", 1);
        MetricsSource good = w -> w.gauge("nodus_test_value", "a value", 3);
        MetricsEndpoint e = endpoint(List.of(broken, conflicting, good), Map.of(), Map.of());

        Map<String, ExpositionFormat.Family> families = ExpositionFormat.parse(request("GET", portFromFile(), "/metrics").body());
        assertEquals(3, families.get("nodus_test_value").value());
        assertEquals(2, families.get("nodus_metrics_source_errors_total").value(), "both failing sources counted");
        assertEquals("counter", families.get("nodus_metrics_scrapes_total").type(),
                "a source writing a known family with another type cannot change it");
        assertEquals(4, ExpositionFormat.parse(e.scrape()).get("nodus_metrics_source_errors_total").value(),
                "errors add up over scrapes");
    }

    @Test
    void frameworkPropertiesApplyUnlessTheConfigurationSetsTheKey() throws Exception {
        int free = freePort();
        MetricsEndpoint e = endpoint(List.of(), Map.of(),
                Map.of("nodus.metrics.port", Integer.toString(free)));
        assertEquals(free, portFromFile(), "-Dnodus.metrics.port is used when the file does not set port");
        assertEquals("http://127.0.0.1:" + free + "/metrics", e.describe());
        e.deactivate();

        endpoint(List.of(), Map.of("port", 0),
                Map.of("nodus.metrics.port", Integer.toString(free)));
        assertFalse(portFromFile() == free, "port=0 in the file wins over the framework property");
    }

    @Test
    void modifiedRebindsLiveAndABadConfigurationKeepsTheEndpoint() throws Exception {
        MetricsEndpoint e = endpoint(List.of(), Map.of(), Map.of());
        int first = portFromFile();
        int wanted = freePort();
        e.modified(Map.of("port", wanted));
        assertEquals(wanted, portFromFile(), "the port file follows the new port");
        assertEquals(200, request("GET", wanted, "/metrics").statusCode());
        assertThrows(ConnectException.class, () -> request("GET", first, "/metrics"), "the old port is closed");

        e.modified(Map.of("port", 70000, "bind", "not-an-address"));
        assertEquals(wanted, portFromFile(), "a rejected configuration changes nothing");
        assertEquals(200, request("GET", wanted, "/metrics").statusCode());
    }

    @Test
    void aTakenPortLeavesTheNodeRunningWithoutAnEndpoint() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MetricsEndpoint e = endpoint(List.of(), Map.of("port", taken.getLocalPort()), Map.of());
            assertTrue(e.port().isEmpty());
            assertFalse(Files.exists(data.resolve("run").resolve(MetricsEndpoint.PORT_FILE)));
            assertTrue(e.describe().startsWith("no endpoint"), e.describe());
            assertTrue(ExpositionFormat.parse(e.scrape()).containsKey("nodus_metrics_sources"),
                    "the shell can still show the figures");
        }
    }

    @Test
    void deactivateClosesTheEndpointAndRemovesThePortFile() throws Exception {
        MetricsEndpoint e = endpoint(List.of(), Map.of(), Map.of());
        int port = portFromFile();
        e.deactivate();
        started.remove(e);
        assertFalse(Files.exists(data.resolve("run").resolve(MetricsEndpoint.PORT_FILE)));
        assertThrows(ConnectException.class, () -> request("GET", port, "/metrics"));
    }

    @Test
    void settingsAreValidated() {
        Map<String, Object> none = new HashMap<>();
        assertEquals(new MetricsSettings("127.0.0.1", 0), MetricsSettings.resolve(none, k -> null));
        assertEquals(new MetricsSettings("0.0.0.0", 9464), MetricsSettings.resolve(none,
                Map.of("nodus.metrics.bind", "0.0.0.0", "nodus.metrics.port", "9464")::get));
        assertEquals(new MetricsSettings("::1", 0), MetricsSettings.resolve(Map.of("bind", "::1"), k -> null));
        assertThrows(IllegalArgumentException.class, () -> MetricsSettings.resolve(Map.of("port", 65536), k -> null));
        assertThrows(IllegalArgumentException.class, () -> MetricsSettings.resolve(none,
                Map.of("nodus.metrics.port", "many")::get));
        assertThrows(IllegalArgumentException.class, () -> MetricsSettings.resolve(Map.of("bind", "localhost"), k -> null), "host names are not looked up");
        assertThrows(IllegalArgumentException.class, () -> MetricsSettings.resolve(Map.of("bind", "256.1.1.1"), k -> null));
    }

    @Test
    void shellCommandsShowTheScrapeFilteredByPrefix() throws Exception {
        MetricsSource custom = w -> w.gauge("nodus_test_value", "a value", 3);
        MetricsEndpoint e = endpoint(List.of(new JvmMetrics(), custom), Map.of(), Map.of());
        MetricsCommands commands = new MetricsCommands(e);

        String threads = commands.show("jvm_threads");
        assertTrue(threads.contains("# TYPE jvm_threads_current gauge"), threads);
        assertTrue(threads.lines().allMatch(l -> l.startsWith("# HELP jvm_threads") || l.startsWith("# TYPE jvm_threads")
                || l.startsWith("jvm_threads")), threads);
        assertEquals("no metric starts with nope", commands.show("nope"));
        assertTrue(commands.show().contains("nodus_test_value 3"));
        assertEquals("http://127.0.0.1:" + portFromFile() + "/metrics", commands.url());
    }

    @Test
    void theComponentDescriptionCarriesNoConfigurationDefaults() throws IOException {
        // bnd copies the defaults of a component property type taken by activate into the description; then a key
        // missing from the file would look configured and -Dnodus.metrics.* could never apply
        try (var in = MetricsEndpoint.class.getClassLoader().getResourceAsStream(
                "OSGI-INF/" + MetricsEndpoint.class.getName() + ".xml")) {
            assertTrue(in != null, "the DS descriptor is generated before the tests run");
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(xml.contains("<property name=\"port\"") || xml.contains("<property name=\"bind\""), xml);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
