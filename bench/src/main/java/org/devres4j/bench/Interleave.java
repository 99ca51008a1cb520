package org.devres4j.bench;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Measures one {@link Plan.Group} interleaved: warm-up rounds until the figures settle, then
 * {@link Plan.Timing#rounds()} rounds in which every member is measured once, the order alternating
 * forward and backward ({@link Plan#roundOrder}). Writes {@code <group>.tsv} ({@link Samples}): per
 * member and round, the JMH score in ns per operation ({@code ns}, wall time), the share of that
 * time the JVM ran on a CPU ({@link CpuShare}), the figure the report compares ({@code cpu.ns}, see
 * {@link #figure}), and, for members with the GC profiler, the bytes allocated per operation
 * ({@code alloc.B}).
 *
 * <p>Two modes. By default (<b>rounds</b>) the JMH runs are in this JVM ({@code forks(0)}). With
 * {@code --forks}, or for a group marked {@link Plan.Group#forks()} (<b>alternating forks</b>),
 * every measurement is a fresh JVM with its own full warm-up: no member shares a profile with
 * another, at the price of several times the run time. bench/run starts this class in a fresh JVM
 * per group, so the rounds mode never mixes groups.
 *
 * <p>Usage: {@code Interleave --group NAME --out DIR [--quick] [--forks] [--log FILE]}. JMH's own
 * output goes to the log; one line per round goes to standard output.
 *
 * <p>In the rounds mode the members' code is compiled once, during the warm-up rounds, and every
 * round after it is short.
 */
public final class Interleave {

    /**
     * The JIT counts as quiet in a warm-up round that it spent less than this share of compiling:
     * on a busy machine the compiler threads starve, so figures can look steady while the code is
     * still interpreted; the JVM runs with {@code -Xbatch} so that the benchmark thread waits for its
     * compilations instead.
     */
    static final double JIT_QUIET = 0.02;

    /** The metric every JMH row of the report compares: see {@link #figure}. */
    static final String FIGURE = "cpu.ns";

    /**
     * The JVM options of a JVM that measures a group: a fork, or, set by RunAll, the JVM running a
     * group in rounds. (The JVM that only starts forks measures nothing and gets none of them.)
     *
     * <p>{@code -XX:+AlwaysPreTouch}: the heap's pages are touched once when the JVM starts, not by the
     * benchmark. On a virtual machine the first touch of a page is a fault that costs microseconds;
     * a member that allocates (the ioctl's 32 B, the list's 24 B per node) walks into fresh young-gen
     * pages until the heap has been cycled once, and measured 100–140 ns per ioctl instead of 32–46 ns,
     * differently in every fork, so the drm row's ratio came out 0.5–0.84× where a direct JMH run gives
     * 1.34–1.52×. The heap is the group's {@link Plan.Group#heapMb()}, as small as its members allow:
     * touching 512 MB takes about 2 s of CPU, 128 MB about 0.6 s. {@code -Xbatch}: see {@link #JIT_QUIET}.
     *
     * @param group the group measured
     * @return its JVM options
     */
    static List<String> jvmOptions(Plan.Group group) {
        String heap = group.heapMb() + "m";
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch", "-Xbatch");
    }

    private final Plan.Group group;
    private final Plan.Timing timing;
    private final boolean forks;
    private final OutputFormat jmhOut;

    private Interleave(Plan.Group group, Plan.Timing timing, boolean forks, OutputFormat jmhOut) {
        this.group = group;
        this.timing = timing;
        this.forks = forks;
        this.jmhOut = jmhOut;
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args("Interleave", args, List.of("--quick", "--forks"), List.of("--group", "--out", "--log"));
        Plan.Group group = Plan.group(a.required("--group"));
        Path out = Path.of(a.required("--out"));
        Path log = Path.of(a.value("--log", out.resolve("logs").resolve(group.name() + ".log").toString()));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Plan.Timing timing = Plan.Timing.of(a.flag("--quick"));
        try (PrintStream logStream = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8)) {
            OutputFormat jmhOut = OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL);
            boolean forks = a.flag("--forks") || group.forks();
            Samples samples = new Interleave(group, timing, forks, jmhOut).run();
            samples.write(out, group.name(), "JMH group " + group.name() + ", " + timing.rounds() + " rounds, "
                    + (forks ? "alternating forks" : "alternating rounds in one JVM") + ", Java "
                    + System.getProperty("java.version"));
        }
    }

    private Samples run() throws RunnerException {
        Samples samples = new Samples();
        if (!forks) {
            warmUp();
        }
        for (int round = 0; round < timing.rounds(); round++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s round %d/%d:", group.name(), round + 1, timing.rounds()));
            for (Plan.Member m : Plan.roundOrder(group.measured(timing.equals(Plan.Timing.QUICK)), round)) {
                RunResult r = measure(m, false, timing.measurements());
                double ns = nanosPerOp(r.getPrimaryResult(), m);
                double share = secondary(r, m, CpuShare.NAME);
                samples.put(group.name(), m.id(), round + 1, "ns", ns);
                samples.put(group.name(), m.id(), round + 1, CpuShare.NAME, share);
                samples.put(group.name(), m.id(), round + 1, FIGURE, figure(r, m));
                line.append(String.format(Locale.ROOT, " %s %.4g ns (cpu %.0f%%)", m.id(), ns, share * 100));
                if (m.gcProfile()) {
                    double alloc = secondary(r, m, "gc.alloc.rate.norm");
                    samples.put(group.name(), m.id(), round + 1, "alloc.B", alloc);
                    line.append(String.format(Locale.ROOT, " %.4g B/op", alloc));
                }
            }
            System.out.println(line);
        }
        return samples;
    }

    /**
     * Warm-up rounds, discarded: the first with a long warm-up per member, then rounds like the
     * measured ones until the JIT is quiet and the members' CPU time per operation moved by less than
     * {@link Plan.Timing#stableWithin()} (median over the members) since the round before, or
     * {@link Plan.Timing#maxWarmupRounds()} rounds ran. A warm-up round times one iteration per member,
     * not {@link Plan.Timing#measurements()}: its figure only has to show whether the code still
     * changes, and the median over the members decides, so one iteration's noise does not hold the
     * warm-up back; it saves an iteration per member and warm-up round (about 20 s of a quick run).
     */
    private void warmUp() throws RunnerException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        Map<String, Double> before = Map.of();
        for (int round = 0; round < timing.maxWarmupRounds(); round++) {
            long jit0 = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            Map<String, Double> now = new LinkedHashMap<>();
            for (Plan.Member m : Plan.roundOrder(group.measured(timing.equals(Plan.Timing.QUICK)), round)) {
                now.put(m.id(), figure(measure(m, round == 0, 1), m));
            }
            double jitShare = (jit.getTotalCompilationTime() - jit0) * 1e6 / (System.nanoTime() - t0);
            String change = largestChange(before, now);
            StringBuilder figures = new StringBuilder();
            now.forEach((id, ns) -> figures.append(String.format(Locale.ROOT, " %s %.4g ns", id, ns)));
            System.out.printf(Locale.ROOT, "  %s warm-up round %d:%s; %s; JIT busy %.1f%% of the round%n", group.name(), round + 1,
                    figures, change == null ? "first" : "largest change " + change, jitShare * 100);
            if (round > 0 && jitShare < JIT_QUIET && settled(before, now, timing.stableWithin())) {
                return;
            }
            before = now;
        }
        System.out.printf(Locale.ROOT, "  %s: not settled (within %d%%, JIT quiet) after %d warm-up rounds; measuring anyway%n",
                group.name(), Math.round(timing.stableWithin() * 100), timing.maxWarmupRounds());
    }

    /**
     * @return whether the median over the members of their relative change from {@code before} to
     *         {@code now} is below {@code within} (the median, so that one member that is noisy by
     *         nature — a contended lock — does not hold the warm-up back); false if a member is new
     */
    static boolean settled(Map<String, Double> before, Map<String, Double> now, double within) {
        double[] changes = new double[now.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : now.entrySet()) {
            Double b = before.get(e.getKey());
            if (b == null) {
                return false;
            }
            changes[i++] = Math.abs(e.getValue() / b - 1);
        }
        java.util.Arrays.sort(changes);
        return changes.length > 0 && Stats.median(changes) < within;
    }

    private static String largestChange(Map<String, Double> before, Map<String, Double> now) {
        String which = null;
        double largest = -1;
        for (Map.Entry<String, Double> e : now.entrySet()) {
            Double b = before.get(e.getKey());
            if (b != null && Math.abs(e.getValue() / b - 1) > largest) {
                largest = Math.abs(e.getValue() / b - 1);
                which = e.getKey();
            }
        }
        return which == null ? null : String.format(Locale.ROOT, "%.1f%% (%s)", largest * 100, which);
    }

    /**
     * One JMH run of one member: with the long warm-up (the first warm-up round, or every run in a
     * fresh fork), or with a round's short one; then {@code measurements} timed iterations.
     */
    private RunResult measure(Plan.Member m, boolean longWarmup, int measurements) throws RunnerException {
        int warmups;
        int warmupMillis;
        if (longWarmup || forks) { // a fresh JVM (or the first run in this one) needs the full warm-up
            warmups = timing.primeWarmups();
            warmupMillis = timing.primeMillis();
        } else {
            warmups = 1;
            warmupMillis = timing.warmupMillis();
        }
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(m.includePattern())
                .threads(m.threads())
                .forks(forks ? 1 : 0)
                .warmupIterations(warmups)
                .warmupTime(millis(warmupMillis, m))
                .measurementIterations(measurements)
                .measurementTime(millis(timing.measureMillis(), m))
                .addProfiler(CpuShare.class)
                .shouldFailOnError(true);
        if (forks) {
            o.jvmArgs(jvmOptions(group).toArray(new String[0]));
        }
        if (m.param() != null) {
            o.param(m.param(), m.value());
        }
        if (m.gcProfile()) {
            o.addProfiler(GCProfiler.class);
        }
        if (m.sampled()) {
            o.mode(Mode.SampleTime);
        }
        Collection<RunResult> results = new Runner(o.build(), jmhOut).run();
        if (results.size() != 1) {
            throw new IllegalStateException("interleave: " + m.id() + " (pattern " + m.includePattern() + ") gave "
                    + results.size() + " JMH results, expected exactly 1: is the benchmark or its parameter misspelled?");
        }
        return results.iterator().next();
    }

    private static TimeValue millis(int ms, Plan.Member m) {
        return TimeValue.milliseconds(Math.round(ms * m.timeScale()));
    }

    /**
     * The figure the report compares ({@value #FIGURE}): CPU time per operation (the JMH score times
     * the {@link CpuShare}), or for a {@link Plan.Member#sampled()} member the lower decile of its
     * per-call times, which preemptions inside some calls do not move.
     */
    static double figure(RunResult r, Plan.Member m) {
        if (m.sampled()) {
            Result<?> p = r.getPrimaryResult();
            return nanosPerOp(p.getStatistics().getPercentile(10), p.getScoreUnit(), m.id());
        }
        return nanosPerOp(r.getPrimaryResult(), m) * secondary(r, m, CpuShare.NAME);
    }

    private static double secondary(RunResult r, Plan.Member m, String name) {
        Result<?> x = r.getSecondaryResults().get(name);
        if (x == null) {
            throw new IllegalStateException("interleave: " + m.id() + " reported no " + name + " (its profiler did not run?)");
        }
        return x.getScore();
    }

    /** A JMH score as nanoseconds per operation, whatever the benchmark's mode and unit. */
    static double nanosPerOp(Result<?> r, Plan.Member m) {
        return nanosPerOp(r.getScore(), r.getScoreUnit(), m.id());
    }

    static double nanosPerOp(double score, String unit, String what) {
        return switch (unit) {
            case "ns/op" -> score;
            case "us/op" -> score * 1e3;
            case "ms/op" -> score * 1e6;
            case "s/op" -> score * 1e9;
            case "ops/ns" -> 1 / score;
            case "ops/us" -> 1e3 / score;
            case "ops/ms" -> 1e6 / score;
            case "ops/s" -> 1e9 / score;
            default -> throw new IllegalArgumentException("interleave: unknown JMH score unit '" + unit + "' of " + what);
        };
    }
}
