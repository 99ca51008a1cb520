package org.devres4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark bench/run reports on, in as many JMH passes as the table needs — the gate
 * benchmarks once at 1 thread and once at 2 — and writes all results into one JMH JSON file.
 *
 * <p>Usage: {@code RunAll [--quick] [--out latest.json]}. {@code --quick}: 1 fork, 3 warm-up and
 * 3 measurement iterations of 1 s each; otherwise 2 forks, 5 + 5 iterations of 2 s each.
 */
public final class RunAll {

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Args.flag(args, "--quick");
        Path out = Args.path(args, "--out", "bench/results/latest.json");

        List<RunResult> all = new ArrayList<>();
        all.addAll(run(quick, GateBench.class, 1));
        all.addAll(run(quick, GateBench.class, 2));
        all.addAll(run(quick, ListBench.class, 1));
        all.addAll(run(quick, DrmBench.class, 1));
        all.addAll(run(quick, FuzzBench.class, 1));

        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        ResultFormatFactory.getInstance(ResultFormatType.JSON, out.toString()).writeOut(all);
        System.out.println("wrote " + out + " (" + all.size() + " results)");
    }

    private static Collection<RunResult> run(boolean quick, Class<?> benchmarks, int threads) throws Exception {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(benchmarks.getName().replace(".", "\\.") + "\\.")
                .threads(threads)
                .forks(quick ? 1 : 2)
                .warmupIterations(quick ? 3 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Xms2g", "-Xmx2g")
                .shouldFailOnError(true);
        return new Runner(opts.build()).run();
    }
}
