package io.nodus.itests.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 50-node compose file, checked by a real Compose parser (Debian's docker-compose: {@code config}
 * validates and normalises without an engine), and kept in step with its generator.
 */
class ComposeFileTest {

    static final Path ROOT = Path.of(System.getProperty("nodus.root", "..")).toAbsolutePath().normalize();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path COMPOSE = DOCKER.resolve("docker-compose.50node.yml");

    /** service name -> its lines in the normalised config output */
    static Map<String, List<String>> services;

    @BeforeAll
    static void normalise() throws Exception {
        Result r = run(DOCKER, "docker-compose", "-f", COMPOSE.toString(), "config");
        assertEquals(0, r.code, "docker-compose config rejected the file:\n" + r.output);
        services = servicesOf(r.output);
    }

    @Test
    void fiftyNodesInTheRightRoles() {
        Map<String, Integer> roles = new LinkedHashMap<>();
        for (List<String> lines : services.values()) {
            lines.stream().map(l -> l.trim()).filter(l -> l.startsWith("NODUS_PROFILE: "))
                    .forEach(l -> roles.merge(l.substring("NODUS_PROFILE: ".length()), 1, Integer::sum));
        }
        assertEquals(Map.of("bootstrap", 3, "aggregator", 5, "worker", 40, "gui", 2), roles);
        assertTrue(services.containsKey("tor"), "a tor service for NODUS_TOR=service");
    }

    @Test
    void addressesAreUniqueInsideTheComposeRange() {
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, List<String>> s : services.entrySet()) {
            if (s.getKey().equals("prometheus") || s.getKey().equals("grafana")) {
                continue;
            }
            String ip = s.getValue().stream().map(String::trim).filter(l -> l.startsWith("ipv4_address: "))
                    .map(l -> l.substring("ipv4_address: ".length())).findFirst()
                    .orElseThrow(() -> new AssertionError(s.getKey() + " has no fixed address"));
            int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            assertTrue(ip.startsWith("172.30.0.") && last >= 10 && last <= 60, s.getKey() + " at " + ip);
            assertTrue(seen.add(ip), "address used twice: " + ip);
        }
        assertEquals(51, seen.size());
    }

    @Test
    void everyNodeHasLimitsVolumeAndBootstrapPeers() {
        for (Map.Entry<String, List<String>> s : services.entrySet()) {
            String body = String.join("\n", s.getValue());
            if (!body.contains("NODUS_PROFILE")) {
                continue;
            }
            assertTrue(body.contains("mem_limit:"), s.getKey() + " memory limit");
            assertTrue(body.contains("cpus:"), s.getKey() + " cpu limit");
            assertTrue(body.contains(s.getKey() + "-data:/data"), s.getKey() + " data volume");
            assertTrue(body.contains("NODUS_BOOTSTRAP: /ip4/172.30.0.10/tcp/4001"), s.getKey() + " bootstrap peers");
            assertTrue(body.contains("max-size: 10m"), s.getKey() + " log rotation");
        }
    }

    @Test
    void generatorAndCommittedFilesAgree(@TempDir Path out) throws Exception {
        Result r = run(DOCKER, "env", "OUT_DIR=" + out, "./gen-compose.sh");
        assertEquals(0, r.code, r.output);
        assertEquals(Files.readString(COMPOSE), Files.readString(out.resolve("docker-compose.50node.yml")),
                "docker-compose.50node.yml is stale: run docker/gen-compose.sh");
        assertEquals(Files.readString(DOCKER.resolve("prometheus/prometheus.yml")),
                Files.readString(out.resolve("prometheus/prometheus.yml")));
    }

    @Test
    void imageIsBuildableByConstruction() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (.+) \\S+$").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            for (String src : copy.group(1).trim().split("\\s+")) {
                assertTrue(Files.exists(ROOT.resolve(src)), "Dockerfile copies " + src + " which the build does not make");
                copies++;
            }
        }
        assertTrue(copies >= 6, "Dockerfile copies the launcher jars and scripts");
        assertTrue(dockerfile.contains("HEALTHCHECK"), "image has a health check");
        for (String script : List.of("entrypoint.sh", "deploy_50node.sh", "monitor_50node.sh", "shutdown_50node.sh",
                "gen-compose.sh")) {
            Result r = run(DOCKER, "bash", "-n", script);
            assertEquals(0, r.code, script + ": " + r.output);
            assertTrue(Files.isExecutable(DOCKER.resolve(script)), script + " executable");
        }
    }

    private static Map<String, List<String>> servicesOf(String config) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        boolean inServices = false;
        List<String> current = null;
        for (String line : config.split("\n")) {
            if (!line.startsWith(" ")) {
                inServices = line.startsWith("services:");
                current = null;
                continue;
            }
            if (!inServices) {
                continue;
            }
            if (line.startsWith("  ") && !line.startsWith("   ") && line.endsWith(":")) {
                current = new ArrayList<>();
                result.put(line.trim().replace(":", ""), current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return result;
    }

    record Result(int code, String output) {
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
