package org.devres4j.sim;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deterministic fuzzing of the vgpu driver: random interleavings of plug, unplug, unbind, bind,
 * rescan, interrupts and userspace (open, ioctl, mmap, touch, close, exit), with the invariants
 * checked after every step — no sanitizer report, no unexpected kernel failure, every resource
 * released exactly once, releases of a list newest first — and at world shutdown nothing leaks and
 * nothing stays unreleased. Each {@link Verb} says how the fuzzer makes it ({@link FuzzView}).
 *
 * <p>The seed fixes everything: the generator's choices and the world's scheduler each draw from
 * their own generator seeded with it, so the same options give the same event log, and a failure
 * replays exactly. A failing run is shrunk ({@link Shrinker}) to a short script that still breaks the
 * same way.
 *
 * <p><b>Lifetime:</b> each run builds its own worlds. Memory is bounded by what is alive, not by the
 * number of steps: the result keeps a window of the event log ({@value #HEAD_EVENTS} first and
 * {@value #TAIL_EVENTS} newest events), and the steps themselves only up to {@value #RECORD_LIMIT}
 * (the script and the shrinker need them; a longer run that fails is replayed by its seed).
 * <b>Order:</b> steps run one at a time. <b>Concurrency:</b> runs on the calling thread; separate runs
 * may use separate threads.
 */
public final class Fuzzer {

    /** How many of a fuzz run's first events the result keeps. */
    public static final int HEAD_EVENTS = 200;
    /** How many of a fuzz run's newest events the result keeps. */
    public static final int TAIL_EVENTS = 5_000;
    /** Up to how many steps a run keeps for its script and its shrinker. */
    public static final int RECORD_LIMIT = 100_000;

    private Fuzzer() {
    }

    /**
     * Runs one fuzz campaign.
     *
     * @param options  seed, steps, devices, processes, planted bug (the vgpu variant loaded is
     *                 {@link FuzzOptions#variant()})
     * @param progress told about progress (every 1% of the steps); may be {@link FuzzProgress#NONE}
     * @return what happened
     */
    public static FuzzResult run(FuzzOptions options, FuzzProgress progress) {
        return run(options, progress, null);
    }

    /**
     * Measures what a run keeps alive: the heap in use, after garbage collection, with the world still
     * up after the last random step — for benchmarks comparing two step counts (the difference per step
     * is what memory grows by with the run's length; invariant 12 says it stays near zero).
     *
     * @param options the run
     * @return the figures; the run itself must pass (the fixed driver does)
     */
    public static FuzzFootprint footprint(FuzzOptions options) {
        long[] retained = {-1};
        FuzzResult r = run(options, FuzzProgress.NONE, () -> retained[0] = usedHeapAfterGc());
        return new FuzzFootprint(r.stepsRun(), retained[0], r.events().size(), r.allocatedBytes(), r.elapsedMillis());
    }

    private static FuzzResult run(FuzzOptions options, FuzzProgress progress, Runnable atEnd) {
        Objects.requireNonNull(options, "Fuzzer.run: the options must not be null");
        FuzzProgress p = progress == null ? FuzzProgress.NONE : progress;
        long t0 = System.nanoTime();
        long alloc0 = allocatedBytes();
        SplittableRandom rnd = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        Step load = options.variant().equals("fixed") ? Step.of(Verb.LOAD, "vgpu")
                : Step.of(Verb.LOAD, "vgpu").with("variant", options.variant());
        List<Step> setup = new ArrayList<>();
        setup.add(load);
        for (int i = 0; i < options.processes(); i++) {
            setup.add(FuzzView.spawn("p" + i, rnd));
        }
        EventLog log = new EventLog(HEAD_EVENTS, TAIL_EVENTS, EventListener.NONE);
        log.world("FUZZ", "seed " + options.seed() + ", " + options.steps() + " steps, " + options.devices()
                + " devices, " + options.processes() + " processes", "vgpu variant " + options.variant());
        ScriptSteps.Builder recorded = new ScriptSteps.Builder();   // compact: tens of bytes per step
        setup.forEach(recorded::add);
        int failingStep = 0;
        int ran = 0;
        FuzzExecution exec = new FuzzExecution(options.seed(), log, false);
        try {
            for (Step s : setup) {
                exec.run(s);
            }
            FuzzView view = new FuzzView(rnd, exec.world, options);
            int every = Math.max(1, options.steps() / 100);
            for (int i = 1; i <= options.steps() && exec.failure == null; i++) {
                Step s = view.next();
                if (recorded != null && recorded.size() >= RECORD_LIMIT + setup.size()) {
                    recorded = null;   // too long to keep: the seed replays it
                }
                if (recorded != null) {
                    recorded.add(s);
                }
                exec.run(s);
                ran = i;
                if (exec.failure != null) {
                    failingStep = exec.world.steps();   // the log's numbering: setup steps count
                }
                if (i % every == 0 || i == options.steps()) {
                    p.onProgress(i, options.steps());
                }
            }
            if (atEnd != null) {
                atEnd.run();
            }
            if (exec.failure == null) {
                exec.finish();
                if (exec.failure != null) {
                    failingStep = exec.world.steps();   // the shutdown step
                    exec.failure = "at world shutdown: " + exec.failure;
                }
            } else {
                exec.world.shutdown();
            }
        } finally {
            exec.close();
        }
        long fuzzNanos = System.nanoTime() - t0;
        long allocated = alloc0 < 0 ? -1 : allocatedBytes() - alloc0;
        List<Step> steps = recorded == null ? null : recorded.build();
        String script = steps == null ? null : scenario("fuzz-seed-" + options.seed(), options.seed(), steps, null)
                .toScript();
        String shrunk = null;
        int shrunkSteps = 0;
        if (exec.failure != null && steps != null) {
            List<Step> small = new Shrinker(options.seed(), load, exec.signature).shrink(steps.subList(1, steps.size()));
            List<Step> withLoad = new ArrayList<>();
            withLoad.add(load);
            withLoad.addAll(small);
            shrunkSteps = withLoad.size();
            shrunk = scenario("fuzz-seed-" + options.seed() + "-shrunk", options.seed(), withLoad,
                    exec.signature.reportKind()).toScript();
        }
        long shrinkMs = (System.nanoTime() - t0 - fuzzNanos) / 1_000_000;
        return new FuzzResult(options, ran, failingStep, exec.failure, exec.world.reports(), log.events(),
                log.dropped(), script, shrunk, shrunkSteps, fuzzNanos / 1_000_000, shrinkMs, allocated);
    }

    private static Scenario scenario(String name, long seed, List<Step> steps, ReportKind expect) {
        List<Step> list = steps;
        if (expect != null) {
            list = new ArrayList<>(steps);
            list.add(Step.of(Verb.EXPECT_REPORT, expect.id()));
        }
        return new Scenario(name, "found by devres4j fuzz --seed " + seed, seed, "current", list);
    }

    /** @return bytes this thread allocated so far, or -1 if the JVM cannot tell */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (t instanceof com.sun.management.ThreadMXBean s && s.isThreadAllocatedMemorySupported()
                && s.isThreadAllocatedMemoryEnabled()) {
            return s.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
