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

/**
 * Prints bench/run's one table from the files a run leaves in bench/results: the JMH JSON
 * ({@code latest.json}), the shut-latency and the footprint properties. Every ratio is against a
 * baseline measured in the same run; a row whose inputs are missing says "not run".
 *
 * <p>Usage: {@code Report [--dir bench/results] [--command "bench/run --quick"]}. Given the command
 * that produced the results, also writes the table as Markdown to {@code latest-table.md} in the
 * same directory.
 */
public final class Report {

    private record Row(String name, String measured, String baseline, String ratio, String target, String met) {
    }

    private final List<Map<String, Object>> jmh;
    private final Properties shut;
    private final Properties footprint;
    private final List<Row> rows = new ArrayList<>();

    private Report(List<Map<String, Object>> jmh, Properties shut, Properties footprint) {
        this.jmh = jmh;
        this.shut = shut;
        this.footprint = footprint;
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        Path dir = Args.path(args, "--dir", "bench/results");
        String command = Args.value(args, "--command", null);
        Path json = dir.resolve("latest.json");
        List<Map<String, Object>> jmh = Files.exists(json)
                ? (List<Map<String, Object>>) Json.parse(Files.readString(json))
                : List.of();
        Report report = new Report(jmh, load(dir.resolve("shut-latency.properties")),
                load(dir.resolve("footprint.properties")));
        report.build();
        String table = report.render();
        String load = loadAverage();
        System.out.println();
        System.out.print(table);
        System.out.println("load average at the end (1/5/15 min): " + load
                + " — on " + Runtime.getRuntime().availableProcessors() + " cores; above that, figures are noise");
        String md = "Produced by `" + command + "` on " + java.time.Instant.now() + " ("
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", load average at the end " + load + "). Ratios compare runs of the same invocation;"
                + " absolute times vary by ~40% between runs.\n\n" + table;
        if (command != null) { // a fresh run: keep its table next to its results
            Files.writeString(dir.resolve("latest-table.md"), md);
        }
    }

    /** @return the 1, 5 and 15 minute load averages, or "unknown" off Linux */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ the rows

    private void build() {
        gateRows();
        shutRows();
        listRows();
        footprintRow();
        releaseAllRow();
        drmRows();
    }

    private void gateRows() {
        Double e1 = nanos("GateBench.enterExit", 1, null, null);
        Double e2 = nanos("GateBench.enterExit", 2, null, null);
        Double a1 = nanos("GateBench.atomicPair", 1, null, null);
        Double a2 = nanos("GateBench.atomicPair", 2, null, null);
        Double rw2 = nanos("GateBench.rwLockRead", 2, null, null);
        Double st2 = nanos("GateBench.stampedRead", 2, null, null);
        ratioRow("GateBench.enterExit, 1 thread, vs atomicPair", e1, "atomicPair", a1, div(e1, a1), "≤ 1.0×", Cmp.AT_MOST, 1.0);
        Double scaling = e1 == null || e2 == null ? null : 2 * e1 / e2;
        ratioRow("GateBench.enterExit scaling 1→2 threads (2·t1/t2)", e2, "t1", e1, scaling, "≥ 1.85×", Cmp.AT_LEAST, 1.85);
        ratioRow("GateBench.enterExit, 2 threads, vs rwLockRead (× faster)", e2, "rwLockRead", rw2, div(rw2, e2), "≥ 30×", Cmp.AT_LEAST, 30);
        ratioRow("GateBench.enterExit, 2 threads, vs stampedRead (× faster)", e2, "stampedRead", st2, div(st2, e2), "report", Cmp.REPORT, 0);
        ratioRow("GateBench.enterExit, 2 threads, vs atomicPair at 2 threads", e2, "atomicPair", a2, div(e2, a2), "report", Cmp.REPORT, 0);
        Double pairScaling = a1 == null || a2 == null ? null : 2 * a1 / a2;
        ratioRow("GateBench.atomicPair scaling 1→2 threads (the machine's ceiling)", a2, "t1", a1, pairScaling, "report", Cmp.REPORT, 0);
    }

    private void shutRows() {
        Double r0 = prop(shut, "shut.readers0.median.ns");
        Double r0p99 = prop(shut, "shut.readers0.p99.ns");
        Double r2 = prop(shut, "shut.readers2.median.ns");
        Double r2p99 = prop(shut, "shut.readers2.p99.ns");
        String note = shut.containsKey("nanoTime.ns") ? "nanoTime " + shut.getProperty("nanoTime.ns") + " ns" : "—";
        valueRow("Gate.shut(), 0 readers, median", r0, note, "< 0.1 µs", Cmp.BELOW, 100);
        valueRow("Gate.shut(), 0 readers, p99", r0p99, "—", "report", Cmp.REPORT, 0);
        valueRow("Gate.shut(), 2 busy readers, median", r2, "—", "< 1 µs", Cmp.BELOW, 1_000);
        valueRow("Gate.shut(), 2 busy readers, p99", r2p99, "—", "< 10 µs", Cmp.BELOW, 10_000);
    }

    private void listRows() {
        for (String n : new String[] {"16", "1024"}) {
            Double list = nanos("ListBench.addReleaseAll", 1, "n", n);
            Double closer = nanos("ListBench.closer", 1, "n", n);
            Double deque = nanos("ListBench.arrayDeque", 1, "n", n);
            Double reused = nanos("ListBench.closerReused", 1, "n", n);
            ratioRow("ListBench.addReleaseAll N=" + n + " vs closer (a Closer per scope)", list, "closer", closer, div(list, closer), "≤ 0.8×", Cmp.AT_MOST, 0.8);
            ratioRow("ListBench.addReleaseAll N=" + n + " vs closerReused (one Closer for all)", list, "closerReused", reused, div(list, reused), "report", Cmp.REPORT, 0);
            ratioRow("ListBench.addReleaseAll N=" + n + " vs arrayDeque", list, "arrayDeque", deque, div(list, deque), "≤ 1.3×", Cmp.AT_MOST, 1.3);
        }
        Double debug = nanos("ListBench.addReleaseAllDebug", 1, "n", "16");
        Double plain = nanos("ListBench.addReleaseAll", 1, "n", "16");
        ratioRow("ListBench.addReleaseAllDebug N=16 (stacks captured) vs default mode", debug, "addReleaseAll", plain, div(debug, plain), "report", Cmp.REPORT, 0);
    }

    private void footprintRow() {
        Double list = prop(footprint, "list.bytesPerAction");
        Double deque = prop(footprint, "arrayDeque.bytesPerAction");
        Double debug = prop(footprint, "listDebug.bytesPerAction");
        String n = footprint.getProperty("actions", "?");
        add("bytes retained per tracked action (JOL, N=" + n + ", shared action)", bytes(list), "ArrayDeque " + bytes(deque),
                fmtRatio(div(list, deque)), "≤ 24 B", met(list, Cmp.AT_MOST, 24));
        add("bytes retained per tracked action, debug mode", bytes(debug), "default " + bytes(list), fmtRatio(div(debug, list)),
                "report", met(debug, Cmp.REPORT, 0));
    }

    private void releaseAllRow() {
        Double small = perAction(nanos("ListBench.releaseAll", 1, "size", "10000"), 10_000);
        Double big = perAction(nanos("ListBench.releaseAll", 1, "size", "1000000"), 1_000_000);
        ratioRow("ListBench.releaseAll per action, N=10⁶ vs N=10⁴", big, "N=10⁴", small, div(big, small), "≤ 1.2×", Cmp.AT_MOST, 1.2);
    }

    private void drmRows() {
        Double guarded = nanos("DrmBench.ioctlGuarded", 1, null, null);
        Double unguarded = nanos("DrmBench.ioctlUnguarded", 1, null, null);
        ratioRow("DrmBench.ioctlGuarded vs ioctlUnguarded", guarded, "ioctlUnguarded", unguarded, div(guarded, unguarded), "≤ 1.1×", Cmp.AT_MOST, 1.1);
        Map<String, Object> fuzz = find("FuzzBench.", 1, null, null);
        if (fuzz == null) {
            add("FuzzBench simulator steps per second", "not run", "—", "—", "report", "not run");
        } else {
            Map<?, ?> metric = (Map<?, ?>) fuzz.get("primaryMetric");
            double score = ((Number) metric.get("score")).doubleValue();
            String unit = String.valueOf(metric.get("scoreUnit")).replace("ops/", "steps/"); // one op = one step
            String name = shortName(String.valueOf(fuzz.get("benchmark")));
            add(name + ": simulator steps per second", String.format(Locale.ROOT, "%,.0f %s", score, unit), "—", "—", "report", "—");
        }
    }

    // ------------------------------------------------------------------ lookups

    private Map<String, Object> find(String suffix, int threads, String param, String value) {
        for (Map<String, Object> r : jmh) {
            String bench = String.valueOf(r.get("benchmark"));
            boolean nameMatches = suffix.endsWith(".") ? bench.contains("." + suffix) : bench.endsWith("." + suffix);
            if (!nameMatches || ((Number) r.get("threads")).intValue() != threads) {
                continue;
            }
            if (param != null) {
                Object params = r.get("params");
                if (!(params instanceof Map<?, ?> m) || !value.equals(m.get(param))) {
                    continue;
                }
            }
            return r;
        }
        return null;
    }

    /** A result's score as nanoseconds per operation, or null if the run has none. */
    private Double nanos(String suffix, int threads, String param, String value) {
        Map<String, Object> r = find(suffix, threads, param, value);
        if (r == null) {
            return null;
        }
        Map<?, ?> metric = (Map<?, ?>) r.get("primaryMetric");
        double score = ((Number) metric.get("score")).doubleValue();
        String unit = String.valueOf(metric.get("scoreUnit"));
        return switch (unit) {
            case "ns/op" -> score;
            case "us/op" -> score * 1e3;
            case "ms/op" -> score * 1e6;
            case "s/op" -> score * 1e9;
            case "ops/ns" -> 1 / score;
            case "ops/us" -> 1e3 / score;
            case "ops/ms" -> 1e6 / score;
            case "ops/s" -> 1e9 / score;
            default -> throw new IllegalArgumentException("report: unknown JMH score unit '" + unit + "' of " + suffix);
        };
    }

    private static Double prop(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : Double.valueOf(v);
    }

    private static Double div(Double a, Double b) {
        return a == null || b == null ? null : a / b;
    }

    private static Double perAction(Double total, int n) {
        return total == null ? null : total / n;
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    // ------------------------------------------------------------------ formatting

    private enum Cmp { AT_MOST, AT_LEAST, BELOW, REPORT }

    private void ratioRow(String name, Double measured, String baselineName, Double baseline, Double ratio,
                          String target, Cmp cmp, double limit) {
        add(name, time(measured), baselineName + " " + time(baseline), fmtRatio(ratio), target, met(ratio, cmp, limit));
    }

    private void valueRow(String name, Double measured, String baseline, String target, Cmp cmp, double limit) {
        add(name, time(measured), baseline, "—", target, met(measured, cmp, limit));
    }

    private void add(String name, String measured, String baseline, String ratio, String target, String met) {
        rows.add(new Row(name, measured, baseline, ratio, target, met));
    }

    private static String met(Double value, Cmp cmp, double limit) {
        if (value == null) {
            return "not run";
        }
        return switch (cmp) {
            case AT_MOST -> value <= limit ? "yes" : "no";
            case AT_LEAST -> value >= limit ? "yes" : "no";
            case BELOW -> value < limit ? "yes" : "no";
            case REPORT -> "—";
        };
    }

    private static String time(Double ns) {
        if (ns == null) {
            return "n/a";
        }
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

    private static String bytes(Double b) {
        return b == null ? "n/a" : String.format(Locale.ROOT, "%.2f B", b);
    }

    private static String fmtRatio(Double r) {
        return r == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
    }

    private String render() {
        String[] header = {"row", "measured", "baseline", "ratio", "target", "met"};
        int[] width = new int[header.length];
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        for (Row r : rows) {
            cells.add(new String[] {r.name(), r.measured(), r.baseline(), r.ratio(), r.target(), r.met()});
        }
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < cells.size(); line++) {
            String[] c = cells.get(line);
            sb.append('|');
            for (int i = 0; i < c.length; i++) {
                sb.append(' ').append(pad(c[i], width[i])).append(" |");
            }
            sb.append('\n');
            if (line == 0) {
                sb.append('|');
                for (int w : width) {
                    sb.append("-".repeat(w + 2)).append('|');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
