package org.devres4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.devres4j.bench.Stats.Target;

/**
 * Rows measured by a harness that lives outside this module and leaves its figures in
 * {@code bench/results/<name>.properties} — today the linux module's {@code RemovalLatency}: the
 * time from a real device's removal to {@code Gate.shut()} having returned. The report reads the
 * file if it is there; if not, each of its rows says "not run" and why.
 *
 * <p>The file's keys (a {@link Properties} file, like ShutLatency's old output):
 * <pre>
 * status=ok                   # or: skipped
 * reason=...                  # why, when skipped (e.g. no hot-pluggable device, no permission)
 * device=...                  # what was removed (free text, for the reader)
 * removal.median.ns=812,790,805,799,820   # one value per round, comma-separated
 * removal.p99.ns=2100,1980,2230,2050,2110
 * </pre>
 * One value per round (at least 5 rounds for a conclusive verdict), as every other row here.
 *
 * @param notRun why the rows have no figures, or null
 * @param values the file's contents, empty if none
 */
record External(String notRun, Properties values) {

    /**
     * One figure of an external harness.
     *
     * @param key    the property holding its per-round values
     * @param label  how the row names it
     * @param target its target
     */
    record Metric(String key, String label, Target target) {
    }

    /**
     * An external harness: which file, written by whom, with which figures.
     *
     * @param file    the file name under bench/results
     * @param writer  who writes it, for the "not run" reason
     * @param metrics the rows it gives
     */
    record Source(String file, String writer, List<Metric> metrics) {
    }

    /** The linux module's real-device removal latency. */
    static final Source REMOVAL = new Source("removal-latency.properties",
            "the linux module's RemovalLatency (needs a real, removable device)",
            List.of(new Metric("removal.median.ns", "median", Target.REPORT_ONLY),
                    new Metric("removal.p99.ns", "p99", Target.REPORT_ONLY)));

    /**
     * @param results the bench/results folder
     * @param source  which harness
     * @return its figures, or the reason there are none
     * @throws IllegalArgumentException naming the file if it exists but cannot be read
     */
    static External read(Path results, Source source) {
        Path file = results.resolve(source.file());
        if (!Files.exists(file)) {
            return new External(file + " is absent; " + source.writer() + " writes it", new Properties());
        }
        Properties p;
        try {
            p = Report.properties(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Report: cannot read " + file, e);
        }
        String status = p.getProperty("status", "ok");
        if (status.equals("skipped")) {
            return new External(source.file() + " says skipped: " + p.getProperty("reason", "(no reason given)"), p);
        }
        if (!status.equals("ok")) {
            throw new IllegalArgumentException("Report: " + file + ": status must be ok or skipped, got '" + status + "'");
        }
        return new External(null, p);
    }

    /**
     * @return the per-round values under that key, or null if the key is absent
     * @throws IllegalArgumentException naming the key if a value is not a number
     */
    List<Double> values(String key) {
        String v = values.getProperty(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        List<Double> list = new ArrayList<>();
        for (String s : v.split(",")) {
            try {
                list.add(Double.parseDouble(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Report: external key " + key + ": '" + s.trim() + "' is not a number", e);
            }
        }
        return list;
    }
}
