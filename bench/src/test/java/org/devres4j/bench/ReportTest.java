package org.devres4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.devres4j.bench.Report.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    static final String GATE_1T = "Gate enterExit vs atomicPair (two private atomics), 1 thread";
    static final String DRM = "guarded ioctl (enter/exit) vs unguarded";

    @TempDir
    Path results;

    private static Row row(List<Row> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in " + rows.stream().map(Row::name).toList()));
    }

    /** A report-only row: its median, the text of its target column, and the verdict "—". */
    private static Row assertReportRow(List<Row> rows, String name, double median, String target) {
        Row r = row(rows, name);
        assertThat(r.summary().median()).as(name).isCloseTo(median, within(1e-9));
        assertThat(r.target().text()).as(name).isEqualTo(target);
        assertThat(r.verdict()).as(name).isEqualTo("—");
        return r;
    }

    private static void series(Samples s, String part, String member, String metric, double... perRound) {
        for (int i = 0; i < perRound.length; i++) {
            s.put(part, member, i + 1, metric, perRound[i]);
        }
    }

    @Test
    void aRatioIsTakenWithinEachRoundNotBetweenMedians() {
        Samples s = new Samples();
        // the machine slows down 3x in rounds 4 and 5; each round's pair still has the ratio 1.2
        series(s, "gate", "GateBench.enterExit", "cpu.ns", 12, 12, 12, 36, 36);
        series(s, "gate", "GateBench.atomicPair", "cpu.ns", 10, 10, 10, 30, 30);
        Row r = row(new Report(s, 17, results).build(), GATE_1T);
        assertThat(r.summary().median()).isCloseTo(1.2, within(1e-9));
        assertThat(r.summary().lo()).isCloseTo(1.2, within(1e-9));
        assertThat(r.summary().hi()).isCloseTo(1.2, within(1e-9));
        assertThat(r.verdict()).isEqualTo("no");
        assertThat(r.candidate()).isEqualTo("12.0 ns");
        assertThat(r.baseline()).isEqualTo("atomicPair 10.0 ns");
    }

    @Test
    void aRowWhoseIntervalCrossesItsTargetSaysInconclusive() {
        Samples s = new Samples();
        series(s, "drm", "DrmBench.ioctlGuarded", "cpu.ns", 50, 52, 55, 60, 70);
        series(s, "drm", "DrmBench.ioctlUnguarded", "cpu.ns", 50, 50, 50, 50, 50);
        Row r = row(new Report(s, 17, results).build(), DRM);
        assertThat(r.summary().lo()).isCloseTo(1.0, within(1e-9));
        assertThat(r.summary().hi()).isCloseTo(1.4, within(1e-9));
        assertThat(r.verdict()).isEqualTo("inconclusive");
        assertThat(r.interval()).isEqualTo("1.00× – 1.40×");
    }

    /**
     * One list round of a candidate member and its two baselines, each in ns per op, with the same 3× drift
     * in rounds 3 and 4 for all three: only a ratio taken within each round comes out flat.
     */
    private static Samples listRound(String n, String candidate, double ns, double dequeNs, double closerNs) {
        Samples s = new Samples();
        double[] drift = {1, 1, 3, 3, 1};
        String part = "list-" + n;
        for (int i = 0; i < drift.length; i++) {
            s.put(part, candidate + "[n=" + n + "]", i + 1, "cpu.ns", ns * drift[i]);
            s.put(part, "ListBench.arrayDeque[n=" + n + "]", i + 1, "cpu.ns", dequeNs * drift[i]);
            s.put(part, "ListBench.closer[n=" + n + "]", i + 1, "cpu.ns", closerNs * drift[i]);
        }
        return s;
    }

    /** The two target rows of one candidate ({@code prefix} + " vs ArrayDeque" / " vs Closer per scope"): ratio and verdict. */
    private static void assertContainerRows(List<Row> rows, String prefix, double vsDeque, String dequeVerdict, double vsCloser,
                                            String closerVerdict) {
        Row deque = row(rows, prefix + " vs ArrayDeque");
        assertThat(deque.summary().median()).isCloseTo(vsDeque, within(1e-9));
        assertThat(deque.verdict()).isEqualTo(dequeVerdict);
        Row closer = row(rows, prefix + " vs Closer per scope");
        assertThat(closer.summary().median()).isCloseTo(vsCloser, within(1e-9));
        assertThat(closer.verdict()).isEqualTo(closerVerdict);
    }

    @Test
    void theConfinedListHasItsOwnRowsAgainstTheSameBaselinesOfItsRound() {
        Samples s = listRound("16", "ListBench.addReleaseAllConfined", 50, 40, 100);
        series(s, "list-16", "ListBench.addReleaseAll[n=16]", "cpu.ns", 200, 200, 200, 200, 200);
        List<Row> rows = new Report(s, 17, results).build();
        assertContainerRows(rows, "confined ResourceList add+releaseAll N=16", 1.25, "yes", 0.5, "yes");
        assertThat(row(rows, "ResourceList add+releaseAll N=16 vs ArrayDeque").verdict()).isEqualTo("no");
        assertThat(rows).extracting(Row::name).contains("confined ResourceList add+releaseAll N=1024 vs ArrayDeque",
                "confined ResourceList add+releaseAll N=1024 vs Closer per scope", "ResourceList add+releaseAll N=16 vs one reused Closer");
    }

    @Test
    void handleLessAddsOnTheConfinedListHaveTheirOwnRowsAgainstTheSameBaselinesOfItsRound() {
        Samples s = listRound("1024", "ListBench.addActionReleaseAllConfined", 110, 100, 100);
        series(s, "list-1024", "ListBench.addReleaseAllConfined[n=1024]", "cpu.ns", 200, 200, 600, 600, 200);
        List<Row> rows = new Report(s, 17, results).build();
        assertContainerRows(rows, "confined ResourceList (addAction) add+releaseAll N=1024", 1.1, "yes", 1.1, "no");
        assertThat(row(rows, "confined ResourceList add+releaseAll N=1024 vs ArrayDeque").verdict()).as("the add rows stay").isEqualTo("no");
        assertThat(row(rows, "confined ResourceList (addAction) add+releaseAll N=16 vs ArrayDeque").verdict()).isEqualTo("not run");
    }

    @Test
    void theTrackedGateIsComparedWithTheAtomicPairOfItsRound() {
        Samples s = new Samples();
        series(s, "gate", "GateBench.atomicPair", "cpu.ns", 12, 12, 13, 24, 12);
        series(s, "gate", "GateBench.enterExitTracked", "cpu.ns", 8, 8, 8.5, 16, 8);
        series(s, "gate", "GateBench.sectionTracked", "cpu.ns", 8, 8, 8.5, 16, 8);
        List<Row> rows = new Report(s, 17, results).build();
        Row r = row(rows, "tracked Gate (DRM's guard) enterExit vs atomicPair, 1 thread");
        assertThat(r.summary().median()).isCloseTo(8.0 / 12, within(1e-9));
        assertThat(r.verdict()).isEqualTo("yes");
        assertThat(row(rows, "tracked Gate section (try-with-resources) vs its token form, 1 thread").summary().median())
                .isCloseTo(1.0, within(1e-9));
        assertThat(row(rows, "tracked Gate enterExit vs atomicPair, 2 threads").notRun()).contains("no samples of gate/GateBench.enterExitTracked@2t");
    }

    @Test
    void theBareTreiberStackIsTheSharedListsFloorInTheSameRound() {
        for (String n : List.of("16", "1024")) {
            // the shared list at 4x the stack, the stack at 2.5x the deque, with the same 3x drift in rounds 3 and 4
            Samples s = listRound(n, "ListBench.treiber", 100, 40, 150);
            double[] drift = {1, 1, 3, 3, 1};
            for (int i = 0; i < drift.length; i++) {
                s.put("list-" + n, "ListBench.addReleaseAll[n=" + n + "]", i + 1, "cpu.ns", 400 * drift[i]);
            }
            List<Row> rows = new Report(s, 17, results).build();
            Row floor = assertReportRow(rows, "bare Treiber stack (CAS per add) vs ArrayDeque, N=" + n, 2.5,
                    "report: the floor of any thread-safe add");
            assertThat(floor.summary().hi()).as("a ratio per round: the drift cancels").isCloseTo(2.5, within(1e-9));
            assertThat(floor.baseline()).isEqualTo("arrayDeque 40.0 ns");
            Row above = assertReportRow(rows, "ResourceList (shared) vs bare Treiber stack, N=" + n, 4,
                    "report: what the list adds above one CAS per add");
            assertThat(above.baseline()).isEqualTo("treiber 100.0 ns");
        }
        Row missing = row(new Report(new Samples(), 17, results).build(), "bare Treiber stack (CAS per add) vs ArrayDeque, N=16");
        assertThat(missing.notRun()).isEqualTo("no samples of list-16/ListBench.treiber[n=16] cpu.ns (part 'list-16' did not run)");
    }

    @Test
    void theFencedIoctlSplitsTheGuardsCostIntoItsFenceAndTheRest() {
        Samples s = new Samples();
        series(s, "drm", "DrmBench.ioctlGuarded", "cpu.ns", 45, 45, 90, 45, 45);
        series(s, "drm", "DrmBench.ioctlFenced", "cpu.ns", 40, 40, 80, 40, 40);
        series(s, "drm", "DrmBench.ioctlUnguarded", "cpu.ns", 32, 32, 64, 32, 32);
        List<Row> rows = new Report(s, 17, results).build();
        assertReportRow(rows, "unguarded ioctl + one fence vs unguarded", 1.25, "report: the floor of a guard without an asymmetric fence");
        Row above = assertReportRow(rows, "guarded ioctl vs unguarded + one fence", 45.0 / 40, "report: what the guard costs above its fence");
        assertThat(above.summary().hi()).isCloseTo(45.0 / 40, within(1e-9));
        assertThat(above.baseline()).isEqualTo("fenced 40.0 ns");
        Row target = row(rows, DRM);
        assertThat(target.summary().median()).isCloseTo(45.0 / 32, within(1e-9));
        assertThat(target.verdict()).as("the target row is still judged").isEqualTo("no");
    }

    @Test
    void aRowOfAFullRunOnlyMemberSaysSoInAQuickRun() {
        Samples s = new Samples();
        series(s, "list-16", "ListBench.addReleaseAll[n=16]", "cpu.ns", 200, 200, 200, 200, 200);
        List<Row> rows = new Report(s, 17, results).build();
        assertThat(row(rows, "ResourceList add+releaseAll N=16 vs one reused Closer").notRun())
                .endsWith("(measured by a full run only: bench/run without --quick)");
        assertThat(row(rows, "ResourceList add+releaseAll N=16 vs ArrayDeque").notRun()).endsWith("(part 'list-16' did not run)");
    }

    @Test
    void busyReaderRowsAreJudgedOnlyWhenEveryThreadHadItsOwnCpu() {
        List<Row> rows = new Report(shutSamples(2), 17, results).build();
        Row one = row(rows, "Gate.shut(), 1 busy reader, median");
        assertThat(one.target().text()).isEqualTo("< 1 µs");
        assertThat(one.verdict()).isEqualTo("yes");
        Row two = row(rows, "Gate.shut(), 2 busy readers, median");
        assertThat(two.target().text()).isEqualTo("< 1 µs (needs ≥ 3 CPUs; ran on 2)");
        assertThat(two.verdict()).isEqualTo("—");
        assertThat(two.result()).isEqualTo(Report.Unit.NS.format(18_000));

        Row judged = row(new Report(shutSamples(4), 17, results).build(), "Gate.shut(), 2 busy readers, median");
        assertThat(judged.target().text()).isEqualTo("< 1 µs");
        assertThat(judged.verdict()).isEqualTo("no");
    }

    private static Samples shutSamples(int cpus) {
        Samples s = new Samples();
        s.put("shut", "machine", 1, ShutLatency.CPUS, cpus);
        series(s, "shut", "gate.shut@1r", "median.ns", 400, 420, 450, 430, 410);
        series(s, "shut", "gate.shut@2r", "median.ns", 17_000, 18_000, 16_000, 19_000, 18_500);
        return s;
    }

    @Test
    void onlyRoundsWithBothMembersMeasuredCount() {
        Samples s = new Samples();
        series(s, "drm", "DrmBench.ioctlGuarded", "cpu.ns", 50, 50, 50, 50, 50, 99);
        series(s, "drm", "DrmBench.ioctlUnguarded", "cpu.ns", 50, 50, 50, 50, 50);
        Row r = row(new Report(s, 17, results).build(), DRM);
        assertThat(r.summary().n()).isEqualTo(5);
        assertThat(r.verdict()).isEqualTo("yes");
    }

    @Test
    void aPartThatDidNotRunGivesNotRunWithTheReason() {
        List<Row> rows = new Report(new Samples(), 17, results).build();
        Row r = row(rows, DRM);
        assertThat(r.verdict()).isEqualTo("not run");
        assertThat(r.notRun()).isEqualTo("no samples of drm/DrmBench.ioctlGuarded cpu.ns (part 'drm' did not run)");
        assertThat(ReportText.notes(rows)).contains("- not run: " + DRM + " — no samples of drm/DrmBench.ioctlGuarded");
    }

    @Test
    void theArenaRowsNeedJava22AndAreRatiosOfTheSameRound() {
        Samples s = new Samples();
        series(s, "shut", "arena.close@0r", "median.ns", 3000, 3300, 3600, 3900, 4200);
        series(s, "shut", "gate.shut@0r", "median.ns", 30, 30, 30, 30, 30);
        String name = "Arena.ofShared().close() vs Gate.shut(), 0 readers, median (× slower)";

        Row on17 = row(new Report(s, 17, results).build(), name);
        assertThat(on17.verdict()).isEqualTo("not run");
        assertThat(on17.notRun()).contains("needs Java 22+").contains("see the Java 25 table");

        Row on25 = row(new Report(s, 25, results).build(), name);
        assertThat(on25.summary().median()).isCloseTo(120, within(1e-9));
        assertThat(on25.summary().lo()).isCloseTo(100, within(1e-9));
        assertThat(on25.summary().hi()).isCloseTo(140, within(1e-9));
        assertThat(on25.result()).isEqualTo("120×");
    }

    @Test
    void releaseAllIsComparedPerAction() {
        Samples s = new Samples();
        series(s, "release-all", "ListBench.releaseAll[size=10000]", "cpu.ns", 50_000, 50_000, 50_000, 50_000, 50_000);
        series(s, "release-all", "ListBench.releaseAll[size=1000000]", "cpu.ns", 6e6, 6e6, 6e6, 6e6, 6e6);
        Row r = row(new Report(s, 17, results).build(), "ResourceList releaseAll per action, N=10⁶ vs N=10⁴");
        assertThat(r.summary().median()).isCloseTo(1.2, within(1e-9)); // 6 ns vs 5 ns per action
        assertThat(r.verdict()).isEqualTo("yes");
    }

    @Test
    void releaseOneByOneMustCostTheSamePerHandleAtEverySizeAndIsShownBesideALinkedHashSet() {
        Samples s = new Samples();
        series(s, "release-one-by-one", "ListBench.releaseOneByOne[size=1000]", "cpu.ns", 20_000, 20_000, 20_000, 20_000, 20_000);
        series(s, "release-one-by-one", "ListBench.releaseOneByOne[size=100000]", "cpu.ns", 6e6, 6e6, 6e6, 6e6, 6e6);
        series(s, "release-one-by-one", "ListBench.linkedHashSetRemove[size=100000]", "cpu.ns", 2e6, 2e6, 2e6, 2e6, 2e6);
        List<Row> rows = new Report(s, 17, results).build();
        assertReportRow(rows, "ResourceList release(handle) oldest first, N=10⁵, vs LinkedHashSet.remove", 3, "report");
        Row scaling = row(rows, "ResourceList release(handle) oldest first, per handle, N=10⁵ vs N=10³");
        assertThat(scaling.summary().median()).isCloseTo(3, within(1e-9)); // 60 ns vs 20 ns per handle
        assertThat(scaling.verdict()).isEqualTo("no");
    }

    @Test
    void theFootprintIsExactAndFuzzStepsPerSecondComeFromTheTimePerStep() {
        Samples s = new Samples();
        s.put("footprint", "list", 1, "B", 24);
        s.put("footprint", "arrayDeque", 1, "B", 5.72);
        series(s, "fuzz", "FuzzBench.fuzz", "cpu.ns", 100_000, 100_000, 125_000, 125_000, 200_000);
        List<Row> rows = new Report(s, 17, results).build();
        Row bytes = row(rows, "bytes retained per tracked action (JOL, shared action)");
        assertThat(bytes.interval()).isEqualTo("exact");
        assertThat(bytes.verdict()).isEqualTo("yes");
        assertThat(bytes.baseline()).isEqualTo("ArrayDeque 5.7 B");
        assertThat(row(rows, "bytes retained per handle-less action, confined list (addAction)").verdict())
                .as("no footprint sample of it: not run").isEqualTo("not run");
        s.put("footprint", "confinedAddAction", 1, "B", 7);
        Row chunked = row(new Report(s, 17, results).build(), "bytes retained per handle-less action, confined list (addAction)");
        assertThat(chunked.verdict()).isEqualTo("yes");
        assertThat(chunked.result()).isEqualTo("7.0 B");
        assertThat(chunked.target().text()).isEqualTo("< 24 B (a node per action)");
        Row steps = row(rows, "fuzz: simulator steps per second (1,000-step campaigns)");
        assertThat(steps.result()).isEqualTo("8,000/s");
        assertThat(steps.interval()).isEqualTo("5,000/s – 10,000/s");
    }

    @Test
    void removalLatencyRowsReadTheLinuxHarnessFileOrSayWhyNot() throws Exception {
        String median = "real-device removal → shut() returned, median";
        Row absent = row(new Report(new Samples(), 17, results).build(), median);
        assertThat(absent.notRun()).contains("removal-latency.properties is absent").contains("RemovalLatency");

        Files.writeString(results.resolve("removal-latency.properties"), "status=skipped\nreason=no removable device here\n");
        Row skipped = row(new Report(new Samples(), 17, results).build(), median);
        assertThat(skipped.notRun()).isEqualTo("removal-latency.properties says skipped: no removable device here");

        Files.writeString(results.resolve("removal-latency.properties"),
                "status=ok\nremoval.median.ns=800, 900,1000,1100,1200\nremoval.p99.ns=5000,5000,5000,5000,5000\n");
        List<Row> rows = new Report(new Samples(), 17, results).build();
        assertThat(row(rows, median).summary().median()).isEqualTo(1000);
        assertThat(row(rows, median).interval()).isEqualTo("800.0 ns – 1.20 µs");
        assertThat(row(rows, "real-device removal → shut() returned, p99").result()).isEqualTo("5.00 µs");

        Files.writeString(results.resolve("removal-latency.properties"), "status=ok\nremoval.median.ns=800,fast\n");
        assertThatThrownBy(() -> new Report(new Samples(), 17, results).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Report: external key removal.median.ns: 'fast' is not a number");

        Files.writeString(results.resolve("removal-latency.properties"), "status=maybe\n");
        assertThatThrownBy(() -> new Report(new Samples(), 17, results).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status must be ok or skipped, got 'maybe'");
    }

    @Test
    void theTableHasOneCellPerColumnOnEveryLine() {
        List<Row> rows = new Report(new Samples(), 17, results).build();
        String table = ReportText.render(rows);
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(rows.size() + 2);
        for (String line : lines) {
            assertThat(line.chars().filter(c -> c == '|').count()).as(line).isEqualTo(9);
            assertThat(line.length()).as(line).isEqualTo(lines.get(0).length());
        }
    }

    @Test
    void comparingTwoRunsNamesTheRowsWhoseIntervalsAreDisjoint() {
        Samples a = new Samples();
        series(a, "drm", "DrmBench.ioctlGuarded", "cpu.ns", 50, 55, 60, 65, 70);
        series(a, "drm", "DrmBench.ioctlUnguarded", "cpu.ns", 50, 50, 50, 50, 50);
        series(a, "gate", "GateBench.enterExit", "cpu.ns", 10, 10, 10, 10, 10);
        series(a, "gate", "GateBench.atomicPair", "cpu.ns", 10, 10, 10, 10, 10);
        Samples b = new Samples();
        series(b, "drm", "DrmBench.ioctlGuarded", "cpu.ns", 65, 70, 75, 80, 85);
        series(b, "drm", "DrmBench.ioctlUnguarded", "cpu.ns", 50, 50, 50, 50, 50);
        series(b, "gate", "GateBench.enterExit", "cpu.ns", 20, 20, 20, 20, 20);
        series(b, "gate", "GateBench.atomicPair", "cpu.ns", 10, 10, 10, 10, 10);
        Properties before = new Properties();
        before.setProperty("finished", "yesterday");
        String text = ReportText.compare(new Report(a, 17, results).build(), new Report(b, 17, results).build(), before);
        assertThat(text).contains("finished yesterday").contains("1 of 2 rows agree within their intervals; these do not:")
                .contains("- " + GATE_1T + ": 1.00× – 1.00× now, 2.00× – 2.00× before").doesNotContain("- " + DRM);
    }

    @Test
    void theReadmeTableIsReplacedBetweenItsMarkersOnly() {
        String begin = String.format(Report.BEGIN, 17);
        String end = String.format(Report.END, 17);
        String begin25 = String.format(Report.BEGIN, 25);
        String end25 = String.format(Report.END, 25);
        String readme = "# title\n\n" + begin + "\nold 17 table\n" + end + "\n\n" + begin25 + "\nold 25 table\n" + end25 + "\ntail\n";
        String updated = ReportText.replaceBetweenMarkers(readme, 17, "new 17 table", "README.md");
        assertThat(updated).isEqualTo("# title\n\n" + begin + "\nnew 17 table\n" + end + "\n\n" + begin25 + "\nold 25 table\n" + end25 + "\ntail\n");
        assertThat(ReportText.replaceBetweenMarkers(updated, 17, "new 17 table", "README.md")).isEqualTo(updated);
    }

    @Test
    void missingDuplicatedOrReversedMarkersAreRefused() {
        String begin = String.format(Report.BEGIN, 17);
        String end = String.format(Report.END, 17);
        assertThatThrownBy(() -> ReportText.replaceBetweenMarkers("no markers\n", 17, "t", "README.md"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("README.md has no marker pair for Java 17").hasMessageContaining(begin).hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> ReportText.replaceBetweenMarkers(begin + "\n" + end + "\n" + end + "\n", 17, "t", "README.md"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("markers more than once");
        assertThatThrownBy(() -> ReportText.replaceBetweenMarkers(end + "\n" + begin + "\n", 17, "t", "README.md"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end marker comes before its begin marker");
    }
}
