package org.devres4j.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Runs the parts of {@link Plan} — the harnesses, then the JMH groups — each in a fresh JVM of the
 * same Java as this one, and writes {@code run.properties} (the Java, the cores, the load average
 * during the run, how long each part took) next to the parts' {@code .tsv} files.
 *
 * <p>Usage: {@code RunAll --out DIR [--quick] [--forks] [--only part,part] [--command TEXT]}.
 * {@code --forks}: JMH groups measure in alternating forks instead of alternating rounds in one JVM
 * (see {@link Interleave}). {@code --only}: run just these parts (their files are replaced, the
 * others kept). JMH is told to ignore its machine-wide lock file ({@code -Djmh.ignoreLock=true}):
 * on a machine shared with other engineers' benchmarks, waiting for the lock would fail the run,
 * and the interleaving is what protects the ratios from the other load.
 */
public final class RunAll {

    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args("RunAll", args, List.of("--quick", "--forks"), List.of("--out", "--only", "--command"));
        Path out = Path.of(a.required("--out"));
        boolean quick = a.flag("--quick");
        boolean forks = a.flag("--forks");
        List<String> parts = parts(a.value("--only", null));
        Files.createDirectories(out);

        Path runFile = out.resolve("run.properties");
        Properties run = new Properties();
        if (a.value("--only", null) != null && Files.exists(runFile)) {
            try (Reader r = Files.newBufferedReader(runFile)) {
                run.load(r);
            }
        }
        long started = System.nanoTime();
        List<Double> loads = new ArrayList<>();
        loads.add(LoadAverage.oneMinute());
        run.setProperty("command", a.value("--command", "RunAll " + String.join(" ", args)));
        run.setProperty("java.version", System.getProperty("java.version"));
        run.setProperty("java.feature", Integer.toString(Runtime.version().feature()));
        run.setProperty("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        run.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        run.setProperty("mode", forks ? "alternating forks" : "alternating rounds in one JVM per group");
        run.setProperty("rounds", Integer.toString(Plan.Timing.of(quick).rounds()));
        run.setProperty("started", Instant.now().toString());
        run.setProperty("load.start", LoadAverage.text());

        for (String part : parts) {
            long t0 = System.nanoTime();
            System.out.println("== " + part);
            int exit = new ProcessBuilder(command(part, out, quick, forks)).inheritIO().start().waitFor();
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            loads.add(LoadAverage.oneMinute());
            if (exit != 0) {
                throw new IllegalStateException("RunAll: part '" + part + "' failed (exit " + exit + ") after " + seconds
                        + " s; its JMH log, if any, is " + out.resolve("logs").resolve(part + ".log"));
            }
            run.setProperty("part." + part + ".seconds", Long.toString(seconds));
        }
        run.setProperty("finished", Instant.now().toString());
        run.setProperty("seconds", Long.toString((System.nanoTime() - started) / 1_000_000_000L));
        run.setProperty("load.end", LoadAverage.text());
        double[] l = loads.stream().filter(x -> x >= 0).mapToDouble(Double::doubleValue).toArray();
        if (l.length > 0) {
            run.setProperty("load.mean", String.format(Locale.ROOT, "%.2f", Arrays.stream(l).average().orElse(0)));
            run.setProperty("load.max", String.format(Locale.ROOT, "%.2f", Arrays.stream(l).max().orElse(0)));
        }
        try (OutputStream os = Files.newOutputStream(runFile)) {
            run.store(os, "bench/run: what ran, on what, under what load");
        }
    }

    /**
     * @param only a comma-separated list of part names, or null for all
     * @return the parts to run, in {@link Plan#partNames()} order
     * @throws IllegalArgumentException naming an unknown part
     */
    static List<String> parts(String only) {
        List<String> all = Plan.partNames();
        if (only == null) {
            return all;
        }
        List<String> asked = Arrays.asList(only.split(","));
        for (String p : asked) {
            if (!all.contains(p)) {
                throw new IllegalArgumentException("RunAll: --only names an unknown part '" + p + "'; the parts are " + all);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String p : all) {
            if (asked.contains(p)) {
                parts.add(p);
            }
        }
        return parts;
    }

    /** The command line of the JVM that runs one part. */
    static List<String> command(String part, Path out, boolean quick, boolean forks) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String main;
        List<String> args = new ArrayList<>(List.of("--out", out.toString()));
        switch (part) {
            case "footprint" -> {
                cmd.add("-Djdk.attach.allowAttachSelf=true"); // JOL attaches its agent to this JVM
                if (Runtime.version().feature() >= 21) {
                    cmd.add("-XX:+EnableDynamicAgentLoading"); // and says so, instead of a warning
                }
                main = "Footprint";
            }
            case "shut" -> main = "ShutLatency";
            case "fuzz-memory" -> {
                cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx512m")); // a full GC leaves exactly the live objects
                main = "FuzzMemory";
            }
            default -> {
                Plan.Group group = Plan.group(part); // refuses an unknown name
                if (!forks && !group.forks()) {
                    cmd.addAll(Interleave.jvmOptions(group)); // this JVM measures; in forks mode each fork does
                }
                cmd.add("-Djmh.ignoreLock=true");
                main = "Interleave";
                args.addAll(List.of("--group", part));
                if (forks) {
                    args.add("--forks");
                }
            }
        }
        if (quick && !part.equals("footprint")) {
            args.add("--quick");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Plan.PACKAGE + main);
        cmd.addAll(args);
        return cmd;
    }

    /** The machine's load average, from /proc/loadavg (Linux); negative or "unknown" elsewhere. */
    static final class LoadAverage {
        private LoadAverage() {
        }

        static double oneMinute() {
            try {
                return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
            } catch (IOException | RuntimeException unavailable) {
                return -1;
            }
        }

        /** @return the 1, 5 and 15 minute load averages, e.g. {@code 1.31 / 1.71 / 2.17} */
        static String text() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return f[0] + " / " + f[1] + " / " + f[2];
            } catch (IOException | RuntimeException unavailable) {
                return "unknown";
            }
        }
    }
}
