package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.devres4j.driver.Device;

/**
 * Deterministic fuzzing of the vgpu driver: random interleavings of plug, unplug, unbind, bind,
 * rescan, interrupts and userspace (open, ioctl, mmap, touch, close, exit), with the invariants
 * checked after every step — no sanitizer report, no unexpected kernel failure, every resource
 * released exactly once, releases of a list newest first — and at world shutdown nothing leaks and
 * nothing stays unreleased.
 *
 * <p>The seed fixes everything: the generator's choices and the world's scheduler each draw from
 * their own generator seeded with it, so the same options give the same event log, and a failure
 * replays exactly. A failing run is shrunk (delta debugging over its steps, the seed kept) to a short
 * script that still breaks the same way.
 *
 * <p><b>Lifetime:</b> each run builds its own worlds. <b>Order:</b> steps run one at a time.
 * <b>Concurrency:</b> runs on the calling thread; separate runs may use separate threads.
 */
public final class Fuzzer {

    /** Upper bound on the worlds the shrinker builds for one failure. */
    static final int SHRINK_BUDGET = 400;

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
        Objects.requireNonNull(options, "Fuzzer.run: the options must not be null");
        String variant = options.variant();
        FuzzProgress p = progress == null ? FuzzProgress.NONE : progress;
        long t0 = System.nanoTime();
        List<Step> setup = new ArrayList<>();
        setup.add(step("load", List.of("vgpu"), Map.of("variant", variant)));
        SplittableRandom rnd = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        for (int i = 0; i < options.processes(); i++) {
            setup.add(spawn("p" + i, rnd));
        }
        Execution exec = new Execution(options.seed());
        List<Step> body = new ArrayList<>();
        int failingStep = 0;
        int ran = 0;
        try {
            for (Step s : setup) {
                exec.run(s);
            }
            Generator gen = new Generator(rnd, exec.world, options, variant);
            int every = Math.max(1, options.steps() / 100);
            for (int i = 1; i <= options.steps() && exec.failure == null; i++) {
                Step s = gen.next();
                body.add(s);
                exec.run(s);
                ran = i;
                if (exec.failure != null) {
                    failingStep = exec.world.steps();   // the log's numbering: setup steps count
                }
                if (i % every == 0 || i == options.steps()) {
                    p.onProgress(i, options.steps());
                }
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
            exec.world.close();
        }
        List<Step> all = new ArrayList<>(setup);
        all.addAll(body);
        String script = scenario("fuzz-seed-" + options.seed(), options.seed(), all, null).toScript();
        long fuzzNanos = System.nanoTime() - t0;
        String shrunk = null;
        int shrunkSteps = 0;
        if (exec.failure != null) {
            List<Step> small = shrink(options.seed(), setup.get(0), all.subList(1, all.size()), exec.signature);
            List<Step> withLoad = new ArrayList<>();
            withLoad.add(setup.get(0));
            withLoad.addAll(small);
            shrunkSteps = withLoad.size();
            shrunk = scenario("fuzz-seed-" + options.seed() + "-shrunk", options.seed(), withLoad,
                    exec.signature.startsWith("report:") ? exec.signature.substring("report:".length()) : null)
                    .toScript();
        }
        long ms = fuzzNanos / 1_000_000;
        long shrinkMs = (System.nanoTime() - t0 - fuzzNanos) / 1_000_000;
        List<String> events = new ArrayList<>();
        events.add("FUZZ seed " + options.seed() + ", " + options.steps() + " steps, " + options.devices()
                + " devices, " + options.processes() + " processes, vgpu variant " + variant);
        events.addAll(exec.world.log.lines());
        return new FuzzResult(options, ran, failingStep, exec.failure, exec.world.reports(), events, script,
                shrunk, shrunkSteps, ms, shrinkMs);
    }

    private static Scenario scenario(String name, long seed, List<Step> steps, String expectKind) {
        List<Step> list = new ArrayList<>(steps);
        if (expectKind != null) {
            list.add(step("expect", List.of("report", expectKind), Map.of()));
        }
        return new Scenario(name, "found by devres4j fuzz --seed " + seed, seed, "current", list);
    }

    static Step step(String verb, List<String> args, Map<String, String> options) {
        return new Step(0, verb, args, options);
    }

    private static Step spawn(String name, SplittableRandom rnd) {
        String[] reactions = {"now", "late", "never"};
        return step("process", List.of(name), Map.of("on-remove", reactions[rnd.nextInt(3)]));
    }

    // ------------------------------------------------------------------ execution with invariants

    /** A world plus the invariant checks after every step. */
    static final class Execution {
        final World world;
        final boolean lenient;
        final List<Step> ran = new ArrayList<>();
        String failure;
        String signature;

        Execution(long seed) {
            this(seed, false);
        }

        Execution(long seed, boolean lenient) {
            this.world = new World(seed, "current");
            this.lenient = lenient;
        }

        /**
         * Runs a step. A step that cannot run as written throws {@link World.StepException} — or, when
         * lenient (while shrinking), is skipped: it had no effect, so the shrinker may keep going.
         */
        void run(Step s) {
            try {
                world.execute(s);
                ran.add(s);
            } catch (World.StepException e) {
                if (!lenient) {
                    throw e;
                }
            }
            check();
        }

        void finish() {
            world.shutdown();
            check();
            if (failure == null && !world.checker.unreleased().isEmpty()) {
                failure = "never released: " + world.checker.unreleased();
                signature = "unreleased";
            }
        }

        private void check() {
            if (failure != null) {
                return;
            }
            if (!world.reports().isEmpty()) {
                Report r = world.reports().get(0);
                failure = "sanitizer: " + r.kind().title() + ": " + r.object();
                signature = "report:" + r.kind().id();
            } else if (!world.checker.violations().isEmpty()) {
                String v = world.checker.violations().get(0);
                failure = "invariant: " + v;
                signature = "invariant:" + v.substring(0, v.indexOf(' '));
            } else if (!world.oopses.isEmpty()) {
                failure = "unexpected kernel failure: " + world.oopses.get(0);
                signature = "oops";
            }
        }
    }

    /**
     * @return the steps that ran (skipped ones left out) if running these steps (after the load step)
     *         breaks with the same signature, else null
     */
    private static List<Step> reproduces(long seed, Step load, List<Step> steps, String signature, boolean lenient) {
        Execution e = new Execution(seed, lenient);
        try {
            e.run(load);
            for (Step s : steps) {
                e.run(s);
                if (e.failure != null) {
                    break;
                }
            }
            if (e.failure == null) {
                e.finish();
            }
            if (!signature.equals(e.signature)) {
                return null;
            }
            List<Step> body = new ArrayList<>(e.ran);
            body.remove(0);
            return body;
        } catch (RuntimeException invalid) {
            return null;
        } finally {
            try {
                e.world.shutdown();
            } catch (RuntimeException ignored) {
                // a broken candidate; only its verdict matters
            }
            e.world.close();
        }
    }

    /**
     * Delta debugging (ddmin) over the steps, then one pass removing single steps. Candidates run
     * leniently (a step that lost what it refers to is skipped); the result keeps only the steps that
     * ran, and is checked to reproduce strictly — if it does not, the original steps are returned.
     */
    static List<Step> shrink(long seed, Step load, List<Step> steps, String signature) {
        List<Step> cur = new ArrayList<>(steps);
        int budget = SHRINK_BUDGET;
        int n = 2;
        while (cur.size() >= 2 && budget > 0) {
            int chunk = (int) Math.ceil(cur.size() / (double) n);
            boolean reduced = false;
            for (int start = 0; start < cur.size() && budget > 0; start += chunk) {
                List<Step> candidate = new ArrayList<>(cur.subList(0, start));
                candidate.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
                budget--;
                List<Step> ran = reproduces(seed, load, candidate, signature, true);
                if (ran != null) {
                    cur = ran;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= cur.size()) {
                    break;
                }
                n = Math.min(cur.size(), n * 2);
            }
        }
        for (int i = cur.size() - 1; i >= 0 && budget > 0; i--) {
            List<Step> candidate = new ArrayList<>(cur);
            candidate.remove(i);
            budget--;
            List<Step> ran = reproduces(seed, load, candidate, signature, true);
            if (ran != null) {
                cur = ran;
                i = Math.min(i, cur.size());
            }
        }
        return reproduces(seed, load, cur, signature, false) != null ? cur : new ArrayList<>(steps);
    }

    // ------------------------------------------------------------------ the generator

    /** Chooses the next step from what the world looks like now. */
    private static final class Generator {
        private final SplittableRandom rnd;
        private final World world;
        private final FuzzOptions options;
        private final String variant;
        private int files;
        private int maps;

        Generator(SplittableRandom rnd, World world, FuzzOptions options, String variant) {
            this.rnd = rnd;
            this.world = world;
            this.options = options;
            this.variant = variant;
        }

        Step next() {
            List<String> unplugged = new ArrayList<>();
            List<String> plugged = new ArrayList<>();
            List<String> bound = new ArrayList<>();
            List<String> unbound = new ArrayList<>();
            for (int i = 0; i < options.devices(); i++) {
                String name = "vgpu" + i;
                if (world.pluggedAt.containsKey(name)) {
                    plugged.add(name);
                    Device d = world.devices.get(name);
                    (d.isBound() ? bound : unbound).add(name);
                } else {
                    unplugged.add(name);
                }
            }
            List<String> procs = new ArrayList<>(world.processes.keySet());
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < options.processes(); i++) {
                if (!world.processes.containsKey("p" + i)) {
                    missing.add("p" + i);
                }
            }
            List<String[]> openFiles = new ArrayList<>();
            List<String[]> openMaps = new ArrayList<>();
            for (SimProcess p : world.processes.values()) {
                for (String f : p.files.keySet()) {
                    openFiles.add(new String[] {p.name, f});
                }
                for (String m : p.maps.keySet()) {
                    openMaps.add(new String[] {p.name, m});
                }
            }
            int[] w = {
                unplugged.isEmpty() ? 0 : 8,       // 0 plug
                plugged.isEmpty() ? 0 : 4,         // 1 unplug
                bound.isEmpty() ? 0 : 4,           // 2 unbind
                unbound.isEmpty() ? 0 : 6,         // 3 bind (ENODEV while the driver is unloaded)
                1,                                 // 4 rescan
                procs.isEmpty() ? 0 : 14,          // 5 open
                openFiles.isEmpty() ? 0 : 22,      // 6 ioctl
                openFiles.isEmpty() ? 0 : 5,       // 7 mmap
                openMaps.isEmpty() ? 0 : 8,        // 8 touch
                openFiles.isEmpty() ? 0 : 8,       // 9 close
                procs.isEmpty() ? 0 : 1,           // 10 exit
                missing.isEmpty() ? 0 : 6,         // 11 spawn
                3,                                 // 12 tick
                plugged.isEmpty() ? 0 : 3,         // 13 irq
                world.drivers.isEmpty() ? 0 : 1,   // 14 unload the driver
                world.drivers.isEmpty() ? 4 : 0,   // 15 load it again
            };
            int total = 0;
            for (int x : w) {
                total += x;
            }
            int r = rnd.nextInt(total);
            int op = 0;
            while (r >= w[op]) {
                r -= w[op++];
            }
            switch (op) {
                case 0:
                    return step("plug", List.of(pick(unplugged)), Map.of());
                case 1:
                    return step("unplug", List.of(pick(plugged)), Map.of());
                case 2:
                    return step("unbind", List.of(pick(bound)), Map.of());
                case 3:
                    return step("bind", List.of(pick(unbound)), Map.of());
                case 4:
                    return step("rescan", List.of(), Map.of());
                case 5:
                    return step("open", List.of(pick(procs), "vgpu" + rnd.nextInt(options.devices()), "f" + (++files)),
                            Map.of());
                case 6: {
                    String[] f = pickArr(openFiles);
                    List<String> ioctls = world.processes.get(f[0]).files.get(f[1]).ioctls();
                    return step("ioctl", List.of(f[0], f[1], pick(ioctls)), Map.of());
                }
                case 7: {
                    String[] f = pickArr(openFiles);
                    return step("mmap", List.of(f[0], f[1], "m" + (++maps)), Map.of());
                }
                case 8: {
                    String[] m = pickArr(openMaps);
                    return step("touch", List.of(m[0], m[1], rnd.nextBoolean() ? "write" : "read"), Map.of());
                }
                case 9: {
                    String[] f = pickArr(openFiles);
                    return step("close", List.of(f[0], f[1]), Map.of());
                }
                case 10:
                    return step("exit", List.of(pick(procs)), Map.of());
                case 11:
                    return spawn(pick(missing), rnd);
                case 12:
                    return step("tick", List.of(), Map.of());
                case 13:
                    return step("irq", List.of(pick(plugged)), Map.of());
                case 14:
                    return step("unload", List.of("vgpu"), Map.of());
                default:
                    return step("load", List.of("vgpu"), Map.of("variant", variant));
            }
        }

        private String pick(List<String> l) {
            return l.get(rnd.nextInt(l.size()));
        }

        private String[] pickArr(List<String[]> l) {
            return l.get(rnd.nextInt(l.size()));
        }
    }
}
