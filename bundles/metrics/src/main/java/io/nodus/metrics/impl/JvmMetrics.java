package io.nodus.metrics.impl;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Component;

import io.nodus.api.node.MetricsSource;
import io.nodus.api.node.MetricsWriter;

/**
 * The process and its JVM, under the names Prometheus client libraries use ({@code process_*}, {@code jvm_*}).
 * Resident memory and open files come from {@code /proc/self} and are left out where there is none.
 */
@Component(service = MetricsSource.class)
public class JvmMetrics implements MetricsSource {

    static final Path PROC_STATUS = Path.of("/proc/self/status");
    static final Path PROC_FD = Path.of("/proc/self/fd");
    static final long KIB = 1024;

    @Override
    public void collect(MetricsWriter w) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        info.totalCpuDuration().ifPresent(d -> w.counter("process_cpu_seconds_total",
                "User and system CPU time of the process in seconds", seconds(d)));
        info.startInstant().ifPresent(t -> w.gauge("process_start_time_seconds",
                "Start time of the process since the Unix epoch in seconds", epochSeconds(t)));
        procStatusKib("VmRSS").ifPresent(v -> w.gauge("process_resident_memory_bytes",
                "Resident memory size in bytes", v * KIB));
        procStatusKib("VmSize").ifPresent(v -> w.gauge("process_virtual_memory_bytes",
                "Virtual memory size in bytes", v * KIB));
        openFiles().ifPresent(n -> w.gauge("process_open_fds", "Open file descriptors", n));

        var memory = ManagementFactory.getMemoryMXBean();
        memory(w, "heap", memory.getHeapMemoryUsage());
        memory(w, "nonheap", memory.getNonHeapMemoryUsage());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        w.gauge("jvm_threads_current", "Live threads of the JVM", threads.getThreadCount());
        w.gauge("jvm_threads_daemon", "Live daemon threads of the JVM", threads.getDaemonThreadCount());
        w.gauge("jvm_threads_peak", "Peak live threads since the JVM started", threads.getPeakThreadCount());

        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        for (GarbageCollectorMXBean gc : gcs) {
            Map<String, String> labels = Map.of("gc", gc.getName());
            if (gc.getCollectionCount() >= 0) {
                w.counter("jvm_gc_collections_total", "Garbage collections since the JVM started", labels,
                        gc.getCollectionCount());
            }
            if (gc.getCollectionTime() >= 0) {
                w.counter("jvm_gc_collection_seconds_total", "Time spent in garbage collection in seconds", labels,
                        gc.getCollectionTime() / 1000.0);
            }
        }
        w.gauge("jvm_uptime_seconds", "Time since the JVM started in seconds",
                seconds(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())));
        w.gauge("jvm_info", "JVM version", Map.of("version", Runtime.version().toString(),
                "vendor", String.valueOf(System.getProperty("java.vendor"))), 1);
    }

    private static void memory(MetricsWriter w, String area, MemoryUsage usage) {
        Map<String, String> labels = Map.of("area", area);
        w.gauge("jvm_memory_used_bytes", "Used bytes of a JVM memory area", labels, usage.getUsed());
        w.gauge("jvm_memory_committed_bytes", "Committed bytes of a JVM memory area", labels, usage.getCommitted());
        if (usage.getMax() >= 0) {
            w.gauge("jvm_memory_max_bytes", "Maximum bytes of a JVM memory area", labels, usage.getMax());
        }
    }

    /** A {@code kB} line of {@code /proc/self/status}, e.g. {@code VmRSS:  123456 kB}. */
    static OptionalLong procStatusKib(String key) {
        if (!Files.isReadable(PROC_STATUS)) {
            return OptionalLong.empty();
        }
        try (Stream<String> lines = Files.lines(PROC_STATUS)) {
            return lines.filter(l -> l.startsWith(key + ":"))
                    .map(l -> l.substring(key.length() + 1).trim().split("\\s+")[0])
                    .mapToLong(Long::parseLong).findFirst();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong openFiles() {
        if (!Files.isDirectory(PROC_FD)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> fds = Files.list(PROC_FD)) {
            return OptionalLong.of(fds.count());
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static double epochSeconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }
}
