package org.devres4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.devres4j.bench.Report.Row;

/**
 * The text of a {@link Report}: the run's header line, the Markdown table, the notes under it (rows not
 * run, and why), the comparison with an earlier run, and the README section between its markers.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> rows are rendered in the order {@link Report#build()} made
 * them. <b>Concurrency:</b> pure functions.
 */
final class ReportText {

    private ReportText() {
    }

    static String header(int jdk, Properties run, Samples samples) {
        List<Double> shares = samples.all(CpuShare.NAME);
        String cpu = shares.isEmpty() ? "" : String.format(Locale.ROOT,
                "; the benchmark threads ran %.0f%% of the wall time (median over %d measurements; %.0f%% – %.0f%%)",
                Stats.summarize(shares).median() * 100, shares.size(),
                shares.stream().mapToDouble(Double::doubleValue).min().orElse(0) * 100,
                shares.stream().mapToDouble(Double::doubleValue).max().orElse(0) * 100);
        String loads = "load average (1/5/15 min) " + run.getProperty("load.start", "?") + " at the start, "
                + run.getProperty("load.end", "?") + " at the end; 1-min mean " + run.getProperty("load.mean", "?")
                + ", max " + run.getProperty("load.max", "?");
        return "**Java " + jdk + "** — `" + run.getProperty("command", "?") + "`, finished " + run.getProperty("finished", "?")
                + " (" + run.getProperty("java.vm", "Java " + jdk) + ", " + run.getProperty("cores", "?") + " cores; "
                + run.getProperty("mode", "?") + ", " + run.getProperty("rounds", "?") + " rounds; " + loads + "; took "
                + run.getProperty("seconds", "?") + " s" + cpu + ").";
    }

    static String render(List<Row> rows) {
        String[] header = {"row", "candidate", "baseline", "median", "interval", "n", "target", "met"};
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        for (Row r : rows) {
            cells.add(new String[] {r.name(), r.candidate(), r.baseline(), r.result(), r.interval(), r.n(), r.target().text(), r.verdict()});
        }
        int[] width = new int[header.length];
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
                sb.append(' ').append(c[i]).append(" ".repeat(width[i] - c[i].length())).append(" |");
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

    static String notes(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("\nJMH figures are CPU time per operation (wall time × the share of it the JVM ran on a CPU); ")
                .append("for releaseAll, timed call by call, the lower decile of the per-call times (a call no preemption landed in). ")
                .append("median: of the per-round figures (a ratio is taken between members measured in the same round); interval: ")
                .append("the order statistics that cover the median with ≥ 90% confidence (min – max for 5 rounds); ")
                .append("met: yes/no only when the whole interval is on one side of the target, else inconclusive.\n");
        for (Row r : rows) {
            if (r.notRun() != null) {
                sb.append("- not run: ").append(r.name()).append(" — ").append(r.notRun()).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * @return which rows of two runs do not agree within their intervals (disjoint intervals)
     */
    static String compare(List<Row> now, List<Row> before, Properties beforeRun) {
        Map<String, Row> old = new LinkedHashMap<>();
        for (Row r : before) {
            old.put(r.name(), r);
        }
        int compared = 0;
        List<String> differ = new ArrayList<>();
        for (Row r : now) {
            Row o = old.get(r.name());
            if (r.summary() == null || o == null || o.summary() == null) {
                continue;
            }
            compared++;
            if (!r.summary().overlaps(o.summary())) {
                differ.add(r.name() + ": " + r.interval() + " now, " + o.interval() + " before");
            }
        }
        StringBuilder sb = new StringBuilder("\nAgainst the previous run (finished " + beforeRun.getProperty("finished", "?")
                + ", load " + beforeRun.getProperty("load.mean", "?") + "): " + (compared - differ.size()) + " of " + compared
                + " rows agree within their intervals");
        if (differ.isEmpty()) {
            return sb.append(".\n").toString();
        }
        sb.append("; these do not:\n");
        for (String d : differ) {
            sb.append("- ").append(d).append('\n');
        }
        return sb.toString();
    }

    /**
     * Replaces the text between the Java version's marker lines.
     *
     * @param text   the README
     * @param jdk    the feature version whose markers to use
     * @param table  the new content
     * @param source the file name, for messages
     * @return the README with only that block replaced
     * @throws IllegalArgumentException if the markers are missing, repeated or out of order (the
     *                                  README is then left as it was)
     */
    static String replaceBetweenMarkers(String text, int jdk, String table, String source) {
        String begin = String.format(Locale.ROOT, Report.BEGIN, jdk);
        String end = String.format(Locale.ROOT, Report.END, jdk);
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < 0) {
            throw new IllegalArgumentException("Report: " + source + " has no marker pair for Java " + jdk + "; add the lines\n"
                    + begin + "\n" + end + "\nwhere its table goes (nothing was changed)");
        }
        if (text.indexOf(begin, b + 1) >= 0 || text.indexOf(end, e + 1) >= 0) {
            throw new IllegalArgumentException("Report: " + source + " has the Java " + jdk + " markers more than once (nothing was changed)");
        }
        if (e < b) {
            throw new IllegalArgumentException("Report: in " + source + " the Java " + jdk + " end marker comes before its begin marker (nothing was changed)");
        }
        String body = table.endsWith("\n") ? table : table + "\n";
        return text.substring(0, b + begin.length()) + "\n" + body + text.substring(e);
    }
}
