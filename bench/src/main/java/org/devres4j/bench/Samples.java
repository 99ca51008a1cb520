package org.devres4j.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured values of one run, per part (a JMH group or a harness), member, round and metric. Each
 * part writes its own {@code <part>.tsv} in the run's results folder; the report reads them all.
 *
 * <p>File format, one value per line, tab-separated: {@code member round metric value}, where
 * {@code round} counts from 1 and {@code value} is a decimal number; lines starting with {@code #}
 * are comments. Metrics used: {@code ns} (JMH score, nanoseconds per operation), {@code alloc.B}
 * (JMH GC profiler, bytes allocated per operation), {@code median.ns}/{@code p99.ns} (latency
 * harness), {@code B} (bytes), {@code B.per.step} (retained-heap slope).
 *
 * <p>Not thread-safe; a harness fills one instance on one thread and writes it once.
 */
final class Samples {

    /** (part, member, metric) → round → value; sorted so files and lookups are deterministic. */
    private final Map<String, TreeMap<Integer, Double>> values = new TreeMap<>();

    private static String key(String part, String member, String metric) {
        return part + "\u0000" + member + "\u0000" + metric;
    }

    /**
     * Records a value.
     *
     * @throws IllegalArgumentException if the round is below 1, the value not finite, a name holds a
     *                                  tab or a line break, or the same value was recorded already
     */
    void put(String part, String member, int round, String metric, double value) {
        for (String name : new String[] {part, member, metric}) {
            if (name.isEmpty() || name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("samples: the name '" + name + "' must be non-empty, without tabs or line breaks");
            }
        }
        if (round < 1) {
            throw new IllegalArgumentException("samples: " + part + "/" + member + " " + metric + ": rounds count from 1, got " + round);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("samples: " + part + "/" + member + " " + metric + " round " + round + ": value " + value + " is not a finite number");
        }
        TreeMap<Integer, Double> rounds = values.computeIfAbsent(key(part, member, metric), k -> new TreeMap<>());
        if (rounds.containsKey(round)) {
            throw new IllegalArgumentException("samples: " + part + "/" + member + " " + metric + " round " + round + " was recorded twice");
        }
        rounds.put(round, value);
    }

    /** @return round → value for that member's metric; empty if never measured */
    Map<Integer, Double> rounds(String part, String member, String metric) {
        TreeMap<Integer, Double> r = values.get(key(part, member, metric));
        return r == null ? Map.of() : java.util.Collections.unmodifiableMap(r);
    }

    /** @return every value of that metric, in any part, member and round */
    List<Double> all(String metric) {
        List<Double> all = new ArrayList<>();
        String suffix = "\u0000" + metric;
        values.forEach((k, rounds) -> {
            if (k.endsWith(suffix)) {
                all.addAll(rounds.values());
            }
        });
        return all;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** Writes the values of one part to {@code dir/<part>.tsv}. */
    void write(Path dir, String part, String comment) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(comment.replace("\n", "\n# ")).append('\n');
        sb.append("# member\tround\tmetric\tvalue\n");
        String prefix = part + "\u0000";
        for (Map.Entry<String, TreeMap<Integer, Double>> e : values.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String[] k = e.getKey().split("\u0000");
            for (Map.Entry<Integer, Double> r : e.getValue().entrySet()) {
                sb.append(k[1]).append('\t').append(r.getKey()).append('\t').append(k[2]).append('\t')
                        .append(String.format(Locale.ROOT, "%.6g", r.getValue())).append('\n');
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(part + ".tsv"), sb);
    }

    /**
     * Reads every {@code *.tsv} in a folder; the part is the file name without {@code .tsv}.
     *
     * @return the values; empty if the folder does not exist
     * @throws IllegalArgumentException naming the file and line of a malformed line
     */
    static Samples readDir(Path dir) {
        Samples s = new Samples();
        if (!Files.isDirectory(dir)) {
            return s;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tsv")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("samples: cannot list " + dir, e);
        }
        files.sort(null);
        for (Path f : files) {
            String name = f.getFileName().toString();
            String part = name.substring(0, name.length() - ".tsv".length());
            try {
                s.parse(part, f.toString(), Files.readAllLines(f));
            } catch (IOException e) {
                throw new UncheckedIOException("samples: cannot read " + f, e);
            }
        }
        return s;
    }

    void parse(String part, String source, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = source + ":" + (i + 1);
            if (f.length != 4) {
                throw new IllegalArgumentException("samples: " + where + ": expected 4 tab-separated fields (member round metric value), got " + f.length);
            }
            int round;
            double value;
            try {
                round = Integer.parseInt(f[1]);
                value = Double.parseDouble(f[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("samples: " + where + ": round '" + f[1] + "' or value '" + f[3] + "' is not a number", e);
            }
            try {
                put(part, f[0], round, f[2], value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("samples: " + where + ": " + e.getMessage(), e);
            }
        }
    }
}
