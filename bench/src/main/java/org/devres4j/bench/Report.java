package org.devres4j.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.devres4j.bench.Stats.Summary;
import org.devres4j.bench.Stats.Target;

/**
 * Prints bench/run's table for one Java version from the files a run left in
 * {@code bench/results/jdk-N/}: every row is the median over the run's rounds of a per-round figure
 * — for a ratio, the candidate divided by the baseline measured in the same round — with the
 * interval of {@link Stats} and a verdict against the row's target that says "inconclusive" when the
 * interval straddles it. A row whose inputs are missing says "not run", and why, under the table.
 *
 * <p>Rows from harnesses outside this module are read from {@code bench/results/<name>.properties}
 * ({@link External}): today the linux module's real-device removal latency.
 *
 * <p>Usage: {@code Report --results bench/results --jdk 17 [--previous DIR] [--update-readme README.md]}.
 * Writes the table as Markdown to {@code jdk-N/table.md}; with {@code --previous}, also says which
 * rows of this run and that earlier one do not agree within their intervals; with
 * {@code --update-readme}, replaces the README's table for this Java between its markers
 * ({@link #BEGIN}/{@link #END}) and nothing else.
 */
public final class Report {

    /** The README marker lines around a Java version's table; {@code %d} is the feature version. */
    static final String BEGIN = "<!-- bench:jdk-%d begin (bench/run --update-readme rewrites up to the end marker) -->";
    static final String END = "<!-- bench:jdk-%d end -->";

    /** How a row's figure is printed. */
    enum Unit {
        RATIO, NS, BYTES, STEPS_PER_S, MB, PERCENT;

        String format(double v) {
            return switch (this) {
                case RATIO -> String.format(Locale.ROOT, v >= 100 ? "%.0f×" : "%.2f×", v);
                case NS -> time(v);
                case BYTES -> String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%,.0f B" : "%.1f B", v);
                case STEPS_PER_S -> String.format(Locale.ROOT, "%,.0f/s", v);
                case MB -> String.format(Locale.ROOT, "%.1f MB", v);
                case PERCENT -> String.format(Locale.ROOT, "%.0f%%", v * 100);
            };
        }

        private static String time(double ns) {
            if (ns < 10) {
                return String.format(Locale.ROOT, "%.2f ns", ns);
            }
            if (ns < 1_000) {
                return String.format(Locale.ROOT, "%.1f ns", ns);
            }
            if (ns < 1_000_000) {
                return String.format(Locale.ROOT, "%.2f µs", ns / 1e3);
            }
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
    }

    /**
     * One line of the table.
     *
     * @param name      what is measured against what
     * @param candidate the candidate's median, as printed ("—" if none)
     * @param baseline  the baseline's name and median ("—" if none)
     * @param summary   the row's figure, or null if not run
     * @param unit      the figure's unit
     * @param target    the target
     * @param notRun    why the row has no figure, or null
     */
    record Row(String name, String candidate, String baseline, Summary summary, Unit unit, Target target, String notRun) {

        String verdict() {
            return notRun != null ? "not run" : Stats.verdict(summary, target).text;
        }

        String result() {
            return summary == null ? "—" : unit.format(summary.median());
        }

        String interval() {
            if (summary == null) {
                return "—";
            }
            return summary.exact() ? "exact" : unit.format(summary.lo()) + " – " + unit.format(summary.hi());
        }

        String n() {
            return summary == null ? "—" : Integer.toString(summary.n());
        }
    }

    /** A measured series: one part's member's metric. */
    record Ref(String part, String member, String metric) {
        /** What every JMH row compares: {@link Interleave#figure}. */
        static Ref ns(String part, String member) {
            return new Ref(part, member, Interleave.FIGURE);
        }

        @Override
        public String toString() {
            return part + "/" + member + " " + metric;
        }
    }

    private final Samples samples;
    private final int javaFeature;
    private final Path results;
    private final List<Row> rows = new ArrayList<>();

    Report(Samples samples, int javaFeature, Path results) {
        this.samples = samples;
        this.javaFeature = javaFeature;
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        Args a = new Args("Report", args, List.of(), List.of("--results", "--jdk", "--previous", "--update-readme"));
        Path results = Path.of(a.value("--results", "bench/results"));
        int jdk = a.positiveInt("--jdk", Runtime.version().feature());
        Path dir = results.resolve("jdk-" + jdk);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Report: no results for Java " + jdk + " in " + dir + "; run bench/run"
                    + (jdk == Runtime.version().feature() ? "" : " --jdk <a Java " + jdk + " home>") + " first");
        }
        Properties run = properties(dir.resolve("run.properties"));
        Samples samples = Samples.readDir(dir);
        List<Row> rows = new Report(samples, jdk, results).build();
        StringBuilder md = new StringBuilder();
        md.append(ReportText.header(jdk, run, samples)).append("\n\n").append(ReportText.render(rows)).append(ReportText.notes(rows));
        String previous = a.value("--previous", null);
        if (previous != null && Files.isDirectory(Path.of(previous))) {
            List<Row> before = new Report(Samples.readDir(Path.of(previous)), jdk, results).build();
            md.append(ReportText.compare(rows, before, properties(Path.of(previous).resolve("run.properties"))));
        }
        Files.writeString(dir.resolve("table.md"), md);
        System.out.println();
        System.out.print(md);
        System.out.println("(also in " + dir.resolve("table.md") + ")");
        String readme = a.value("--update-readme", null);
        if (readme != null) {
            Path file = Path.of(readme);
            Files.writeString(file, ReportText.replaceBetweenMarkers(Files.readString(file), jdk, md.toString(), file.toString()));
            System.out.println("updated the Java " + jdk + " table in " + file);
        }
    }

    static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ the rows

    List<Row> build() {
        gateRows();
        shutRows();
        listRows();
        footprintRows();
        releaseRows();
        drmRows();
        fuzzRows();
        removalRows();
        return rows;
    }

    private void gateRows() {
        Ref e1 = Ref.ns("gate", "GateBench.enterExit");
        Ref a1 = Ref.ns("gate", "GateBench.atomicPair");
        Ref e2 = Ref.ns("gate", "GateBench.enterExit@2t");
        Ref a2 = Ref.ns("gate", "GateBench.atomicPair@2t");
        ratio("Gate enterExit vs atomicPair (two private atomics), 1 thread", e1, "atomicPair", a1, Target.atMost(1.0, "×"));
        ratio("Gate enterExit vs atomicPair, 2 threads", e2, "atomicPair", a2, Target.atMost(1.1, "×"));
        row("Gate enterExit scaling 1→2 threads (2·t1/t2)", List.of(e2, e1), "t1", v -> 2 * v[1] / v[0], Unit.RATIO,
                Target.atLeast(1.85, "×"));
        speedup("Gate enterExit vs ReentrantReadWriteLock read, 2 threads (× faster)", e2, "rwLockRead",
                Ref.ns("gate", "GateBench.rwLockRead@2t"), Target.atLeast(30, "×"));
        speedup("Gate enterExit vs StampedLock read, 2 threads (× faster)", e2, "stampedRead",
                Ref.ns("gate", "GateBench.stampedRead@2t"), Target.REPORT_ONLY);
        row("atomicPair scaling 1→2 threads (the machine's ceiling)", List.of(a2, a1), "t1", v -> 2 * v[1] / v[0], Unit.RATIO,
                Target.REPORT_ONLY);
        // the tracked gate (DRM's unplug guard): one fence and a release store per section, no atomic RMW
        Ref t1 = Ref.ns("gate", "GateBench.enterExitTracked");
        ratio("tracked Gate (DRM's guard) enterExit vs atomicPair, 1 thread", t1, "atomicPair", a1, Target.atMost(1.0, "×"));
        ratio("tracked Gate enterExit vs atomicPair, 2 threads", Ref.ns("gate", "GateBench.enterExitTracked@2t"), "atomicPair", a2,
                Target.atMost(1.1, "×"));
        ratio("tracked Gate section (try-with-resources) vs its token form, 1 thread", Ref.ns("gate", "GateBench.sectionTracked"),
                "enterExitTracked", t1, Target.REPORT_ONLY);
    }

    private void shutRows() {
        Ref g0 = new Ref("shut", ShutLatency.member("gate.shut", 0), "median.ns");
        Ref g0p = new Ref("shut", ShutLatency.member("gate.shut", 0), "p99.ns");
        value("Gate.shut(), 0 readers, median", g0, Unit.NS, Target.below(100, "< 0.1 µs"));
        value("Gate.shut(), 0 readers, p99", g0p, Unit.NS, Target.REPORT_ONLY);
        for (int readers : ShutLatency.READERS) {
            if (readers > 0) {
                busyReaderRows(readers);
            }
        }
        String arenaAbsent = javaFeature < 22 ? SharedArenas.unavailableReason().replace("this run is", "this table is")
                + "; see the Java 25 table" : null;
        for (int readers : ShutLatency.READERS) {
            String label = readers == 0 ? "0 readers" : readers == 1 ? "1 busy reader" : readers + " busy readers";
            Ref arena = new Ref("shut", ShutLatency.member("arena.close", readers), "median.ns");
            Ref gate = new Ref("shut", ShutLatency.member("gate.shut", readers), "median.ns");
            String name = "Arena.ofShared().close() vs Gate.shut(), " + label + ", median (× slower)";
            if (arenaAbsent != null) {
                notRun(name, Unit.RATIO, Target.REPORT_ONLY, arenaAbsent);
            } else {
                ratio(name, arena, "shut", gate, Target.REPORT_ONLY);
            }
        }
    }

    /**
     * The busy-reader rows: median < 1 µs, p99 < 10 µs — judged only when the readers and the shutter
     * each had a CPU of their own; otherwise the figure is reported with the reason in its target
     * column, since a reader descheduled inside its section makes any shut wait for the scheduler.
     */
    private void busyReaderRows(int readers) {
        String member = ShutLatency.member("gate.shut", readers);
        String label = "Gate.shut(), " + readers + " busy reader" + (readers == 1 ? "" : "s");
        double cpus = samples.rounds("shut", "machine", ShutLatency.CPUS).values().stream()
                .mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
        boolean judged = cpus >= readers + 1;
        String needs = " (needs ≥ " + (readers + 1) + " CPUs; ran on " + (long) cpus + ")";
        value(label + ", median", new Ref("shut", member, "median.ns"), Unit.NS,
                judged ? Target.below(1_000, "< 1 µs") : new Target(Stats.Cmp.REPORT, Double.NaN, "< 1 µs" + needs));
        value(label + ", p99", new Ref("shut", member, "p99.ns"), Unit.NS,
                judged ? Target.below(10_000, "< 10 µs") : new Target(Stats.Cmp.REPORT, Double.NaN, "< 10 µs" + needs));
        value(label + ": tries with " + (readers == 1 ? "the reader" : "all readers") + " running",
                new Ref("shut", member, "readers.active"), Unit.PERCENT, Target.REPORT_ONLY);
    }

    private void listRows() {
        for (String n : new String[] {"16", "1024"}) {
            String part = "list-" + n;
            containerRows("ResourceList", Ref.ns(part, "ListBench.addReleaseAll[n=" + n + "]"), part, n, true);
            containerRows("confined ResourceList", Ref.ns(part, "ListBench.addReleaseAllConfined[n=" + n + "]"), part, n, false);
            containerRows("confined ResourceList (addAction)", Ref.ns(part, "ListBench.addActionReleaseAllConfined[n=" + n + "]"), part, n, false);
            Ref treiber = Ref.ns(part, "ListBench.treiber[n=" + n + "]");
            ratio("bare Treiber stack (CAS per add) vs ArrayDeque, N=" + n, treiber, "arrayDeque",
                    Ref.ns(part, "ListBench.arrayDeque[n=" + n + "]"), Target.report("the floor of any thread-safe add"));
            ratio("ResourceList (shared) vs bare Treiber stack, N=" + n, Ref.ns(part, "ListBench.addReleaseAll[n=" + n + "]"),
                    "treiber", treiber, Target.report("what the list adds above one CAS per add"));
        }
        ratio("ResourceList add+releaseAll N=16, debug mode (stacks) vs default", Ref.ns("list-debug", "ListBench.addReleaseAllDebug[n=16]"),
                "default", Ref.ns("list-debug", "ListBench.addReleaseAll[n=16]"), Target.REPORT_ONLY);
    }

    /**
     * One kind of list against the containers of its round: issue 15's two targets (≤ 0.8× a Closer per
     * scope, ≤ 1.3× an ArrayDeque), and in between, if asked, the reused Closer (report only).
     */
    private void containerRows(String kind, Ref candidate, String part, String n, boolean withReusedCloser) {
        String name = kind + " add+releaseAll N=" + n + " vs ";
        ratio(name + "Closer per scope", candidate, "closer", Ref.ns(part, "ListBench.closer[n=" + n + "]"), Target.atMost(0.8, "×"));
        if (withReusedCloser) {
            ratio(name + "one reused Closer", candidate, "closerReused", Ref.ns(part, "ListBench.closerReused[n=" + n + "]"),
                    Target.REPORT_ONLY);
        }
        ratio(name + "ArrayDeque", candidate, "arrayDeque", Ref.ns(part, "ListBench.arrayDeque[n=" + n + "]"), Target.atMost(1.3, "×"));
    }

    private void footprintRows() {
        Ref list = new Ref("footprint", "list", "B");
        Ref deque = new Ref("footprint", "arrayDeque", "B");
        Ref debug = new Ref("footprint", "listDebug", "B");
        exact("bytes retained per tracked action (JOL, shared action)", list, "ArrayDeque", deque, Target.atMost(24, " B"));
        exact("bytes retained per tracked action, debug mode", debug, "default", list, Target.REPORT_ONLY);
        exact("bytes retained per handle-less action, confined list (addAction)", new Ref("footprint", "confinedAddAction", "B"),
                "ArrayDeque", deque, Target.below(24, "< 24 B (a node per action)"));
    }

    /**
     * releaseAll is linear, and release by handle O(1), when the cost per action does not grow with the
     * list (a walk from the newest entry per release would make the second row 100×); the removal from a
     * LinkedHashSet at the same size, an O(1) removal by key a user might pick instead, puts it in context.
     */
    private void releaseRows() {
        row("ResourceList releaseAll per action, N=10⁶ vs N=10⁴", List.of(Ref.ns("release-all", "ListBench.releaseAll[size=1000000]"),
                Ref.ns("release-all", "ListBench.releaseAll[size=10000]")), "N=10⁴",
                v -> (v[0] / 1_000_000) / (v[1] / 10_000), Unit.RATIO, Target.atMost(1.2, "×"));
        Ref big = Ref.ns("release-one-by-one", "ListBench.releaseOneByOne[size=100000]");
        ratio("ResourceList release(handle) oldest first, N=10⁵, vs LinkedHashSet.remove", big, "LinkedHashSet",
                Ref.ns("release-one-by-one", "ListBench.linkedHashSetRemove[size=100000]"), Target.REPORT_ONLY);
        row("ResourceList release(handle) oldest first, per handle, N=10⁵ vs N=10³", List.of(big,
                Ref.ns("release-one-by-one", "ListBench.releaseOneByOne[size=1000]")), "N=10³",
                v -> (v[0] / 100_000) / (v[1] / 1_000), Unit.RATIO, Target.atMost(1.2, "×"));
    }

    /**
     * The guard's target, and the two rows that explain it: a guard that can refuse a concurrent unplug
     * needs one StoreLoad fence on the reader's side (the fenced ioctl: the floor), and the rest is what
     * the guard itself adds.
     */
    private void drmRows() {
        Ref guarded = Ref.ns("drm", "DrmBench.ioctlGuarded");
        Ref fenced = Ref.ns("drm", "DrmBench.ioctlFenced");
        Ref unguarded = Ref.ns("drm", "DrmBench.ioctlUnguarded");
        ratio("guarded ioctl (enter/exit) vs unguarded", guarded, "unguarded", unguarded, Target.atMost(1.1, "×"));
        ratio("unguarded ioctl + one fence vs unguarded", fenced, "unguarded", unguarded,
                Target.report("the floor of a guard without an asymmetric fence"));
        ratio("guarded ioctl vs unguarded + one fence", guarded, "fenced", fenced, Target.report("what the guard costs above its fence"));
    }

    private void fuzzRows() {
        Ref fuzz = Ref.ns("fuzz", "FuzzBench.fuzz");
        row("fuzz: simulator steps per second (1,000-step campaigns)", List.of(fuzz), null, v -> 1e9 / v[0], Unit.STEPS_PER_S,
                Target.REPORT_ONLY);
        value("fuzz: bytes allocated per step (JMH -prof gc)", new Ref("fuzz", "FuzzBench.fuzz", "alloc.B"), Unit.BYTES,
                Target.REPORT_ONLY);
        value("fuzz: bytes retained per step (heap slope; bounded ⇒ ≈ 0)", new Ref("fuzz-memory", "fuzz", "B.per.step"), Unit.BYTES,
                Target.REPORT_ONLY);
        value("fuzz: heap after the campaign (live, whole JVM)", new Ref("fuzz-memory", "fuzz", "heap.MB"), Unit.MB,
                Target.REPORT_ONLY);
    }

    private void removalRows() {
        External removal = External.read(results, External.REMOVAL);
        for (External.Metric m : External.REMOVAL.metrics()) {
            String name = "real-device removal → shut() returned, " + m.label();
            if (removal.notRun() != null) {
                notRun(name, Unit.NS, m.target(), removal.notRun());
                continue;
            }
            List<Double> v = removal.values(m.key());
            if (v == null) {
                notRun(name, Unit.NS, m.target(), External.REMOVAL.file() + " has no key " + m.key());
            } else {
                rows.add(new Row(name, "—", "—", Stats.summarize(v), Unit.NS, m.target(), null));
            }
        }
    }

    // ------------------------------------------------------------------ row builders

    private void ratio(String name, Ref candidate, String baselineName, Ref baseline, Target target) {
        row(name, List.of(candidate, baseline), baselineName, v -> v[0] / v[1], Unit.RATIO, target);
    }

    private void speedup(String name, Ref candidate, String baselineName, Ref baseline, Target target) {
        row(name, List.of(candidate, baseline), baselineName, v -> v[1] / v[0], Unit.RATIO, target);
    }

    private void value(String name, Ref ref, Unit unit, Target target) {
        row(name, List.of(ref), null, v -> v[0], unit, target);
    }

    /**
     * A row whose figure is {@code f} of the inputs' values in the same round, for every round in
     * which all inputs were measured. Input 0 is the candidate and input 1 (if any) the baseline,
     * shown by their medians.
     */
    private void row(String name, List<Ref> inputs, String baselineName, ToDoubleFunction<double[]> f, Unit unit, Target target) {
        List<Map<Integer, Double>> series = new ArrayList<>();
        for (Ref r : inputs) {
            Map<Integer, Double> s = samples.rounds(r.part(), r.member(), r.metric());
            if (s.isEmpty()) {
                notRun(name, unit, target, "no samples of " + r + " (" + whyMissing(r) + ")");
                return;
            }
            series.add(s);
        }
        List<Double> perRound = new ArrayList<>();
        for (Integer round : series.get(0).keySet()) {
            double[] v = new double[inputs.size()];
            boolean all = true;
            for (int i = 0; i < v.length && all; i++) {
                Double x = series.get(i).get(round);
                all = x != null;
                v[i] = all ? x : 0;
            }
            if (all) {
                perRound.add(f.applyAsDouble(v));
            }
        }
        if (perRound.isEmpty()) {
            notRun(name, unit, target, "no round in which all of " + inputs + " were measured");
            return;
        }
        Unit inputUnit = inputs.get(0).metric().endsWith("ns") ? Unit.NS : unit;  // ns, cpu.ns, median.ns, p99.ns
        String candidate = inputs.size() == 1 ? "—" : inputUnit.format(median(series.get(0)));
        String baseline = inputs.size() < 2 ? "—" : baselineName + " " + inputUnit.format(median(series.get(1)));
        rows.add(new Row(name, candidate, baseline, Stats.summarize(perRound), unit, target, null));
    }

    /** A row from one noiseless measurement (a byte count), against a baseline's. */
    private void exact(String name, Ref candidate, String baselineName, Ref baseline, Target target) {
        Map<Integer, Double> c = samples.rounds(candidate.part(), candidate.member(), candidate.metric());
        Map<Integer, Double> b = samples.rounds(baseline.part(), baseline.member(), baseline.metric());
        if (c.isEmpty()) {
            notRun(name, Unit.BYTES, target, "no samples of " + candidate + " (part '" + candidate.part() + "' did not run)");
            return;
        }
        double value = median(c);
        String base = b.isEmpty() ? "—" : baselineName + " " + Unit.BYTES.format(median(b));
        rows.add(new Row(name, Unit.BYTES.format(value), base, Stats.exact(value), Unit.BYTES, target, null));
    }

    private void notRun(String name, Unit unit, Target target, String why) {
        rows.add(new Row(name, "—", "—", null, unit, target, why));
    }

    /** @return why a series has no samples: its member is measured by full runs only, or its part did not run */
    static String whyMissing(Ref r) {
        boolean fullOnly = Plan.GROUPS.stream().filter(g -> g.name().equals(r.part())).flatMap(g -> g.members().stream())
                .anyMatch(m -> m.id().equals(r.member()) && m.fullRunOnly());
        return fullOnly ? "measured by a full run only: bench/run without --quick" : "part '" + r.part() + "' did not run";
    }

    private static double median(Map<Integer, Double> series) {
        return Stats.summarize(series.values()).median();
    }
}
