package io.nodus.crypto.impl;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the crypto benchmarks and prints one table (figures to read, not to assert). Argument "quick": shorter. */
public final class CryptoBenchmarks {

    private CryptoBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        Options opts = new OptionsBuilder()
                .include(SealOpenBenchmark.class.getSimpleName())
                .include(RawAesGcmBenchmark.class.getSimpleName())
                .include(KeyExchangeBenchmark.class.getSimpleName())
                .forks(1)
                .jvmArgsAppend("--sun-misc-unsafe-memory-access=allow")
                .warmupIterations(quick ? 1 : 2).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 3).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .shouldDoGC(true)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        System.out.println();
        System.out.println("Nodus crypto benchmarks (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cpus)");
        System.out.println(String.format(Locale.ROOT, "%-28s %-16s %10s %14s %12s", "benchmark", "mode", "payload",
                "ops/s", "MB/s"));
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.(\\w+)\\.\\w+$", "$1");
            String mode = r.getParams().getParam("mode");
            String size = r.getParams().getParam("size");
            double score = r.getPrimaryResult().getScore();
            if (name.equals("KeyExchangeBenchmark")) {
                System.out.println(String.format(Locale.ROOT, "%-28s %-16s %10s %14s %12s   %.1f us per exchange",
                        name, mode, "-", String.format(Locale.ROOT, "%.0f", 1e6 / score), "-", score));
            } else {
                int bytes = Integer.parseInt(size);
                System.out.println(String.format(Locale.ROOT, "%-28s %-16s %10s %14.0f %12.1f", name,
                        mode == null ? "raw JCA" : mode, bytes >= 1 << 20 ? "1 MiB" : "1 KiB", score,
                        score * bytes / 1e6));
            }
        }
        System.out.println("(seal+open of one payload per op; MB/s = payload bytes x ops/s; key exchange in memory)");
    }
}
