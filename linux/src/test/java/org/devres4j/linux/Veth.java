package org.devres4j.linux;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real veth pairs for the tests, made with iproute2. Names are {@code d4j} + this JVM's pid in base 36 (5
 * characters) + a counter, so a run only ever deletes its own devices, and a sweep can find the devices of
 * runs whose process is gone. The peer of {@code NAME} is {@code NAMEp}; deleting either deletes both.
 */
final class Veth {

    static final String PREFIX = "d4j";
    private static final long PID = ProcessHandle.current().pid();
    private static final String RUN = PREFIX + pid36(PID);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Veth() {
    }

    private static String pid36(long pid) {
        String s = Long.toString(pid, 36);
        return "00000".substring(Math.min(5, s.length())) + s;
    }

    /** @return the name prefix of this JVM's devices */
    static String runPrefix() {
        return RUN;
    }

    /** @return a fresh name of this run (at most 12 characters below 10⁴ pairs, so its peer name fits in 15) */
    static String newName() {
        return RUN + COUNTER.incrementAndGet(); // decimal: never ends in the peer suffix p
    }

    static String peer(String name) {
        return name + "p";
    }

    /** @return why real devices cannot be made here, or empty */
    static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("real-device tests need Linux; this is " + System.getProperty("os.name"));
        }
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return Optional.of("real-device tests need root (to create veth devices); uid is " + uid);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("real-device tests cannot tell the user id: " + e);
        }
        String probe = newName();
        try {
            ip("link", "add", probe, "type", "veth", "peer", "name", peer(probe));
            ip("link", "del", probe);
        } catch (RuntimeException | AssertionError e) {
            return Optional.of("real-device tests cannot create a veth pair with iproute2: " + e.getMessage());
        }
        return Optional.empty();
    }

    static void add(String name) {
        ip("link", "add", name, "type", "veth", "peer", "name", peer(name));
    }

    static void del(String name) {
        ip("link", "del", name);
    }

    /** Adds pairs in one {@code ip -batch}. */
    static void addAll(List<String> names) {
        List<String> lines = new ArrayList<>();
        for (String n : names) {
            lines.add("link add " + n + " type veth peer name " + peer(n));
        }
        batch(lines);
    }

    /** Deletes pairs in one {@code ip -batch}. */
    static void delAll(List<String> names) {
        List<String> lines = new ArrayList<>();
        for (String n : names) {
            lines.add("link del " + n);
        }
        batch(lines);
    }

    static void ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        run(cmd, null);
    }

    private static void batch(List<String> lines) {
        run(List.of("ip", "-batch", "-"), String.join("\n", lines) + "\n");
    }

    private static String run(List<String> cmd, String stdin) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out;
            try (var is = p.getInputStream()) {
                out = new String(is.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + " could not run: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(String.join(" ", cmd) + " interrupted", e);
        }
    }

    /** @return the lines of {@code ip -o link}, without devices of other live test runs */
    static List<String> links() {
        List<String> out = new ArrayList<>();
        for (String line : run(List.of("ip", "-o", "link"), null).split("\n")) {
            String name = nameOf(line);
            if (!name.isEmpty() && isOtherLiveRun(name)) {
                continue;
            }
            out.add(line);
        }
        return out;
    }

    static List<String> linkNames() {
        List<String> out = new ArrayList<>();
        for (String line : run(List.of("ip", "-o", "link"), null).split("\n")) {
            String name = nameOf(line);
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }

    /* "12: d4jabcde1@d4jabcde1p: <BROADCAST..." -> d4jabcde1 */
    private static String nameOf(String line) {
        String[] parts = line.split(": ", 3);
        if (parts.length < 2) {
            return "";
        }
        String n = parts[1];
        int at = n.indexOf('@');
        return at < 0 ? n : n.substring(0, at);
    }

    private static long pidOf(String name) {
        if (!name.startsWith(PREFIX) || name.length() < PREFIX.length() + 5) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), PREFIX.length() + 5), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isOtherLiveRun(String name) {
        long pid = pidOf(name);
        return pid > 0 && pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Deletes this run's devices and those of runs whose process is gone.
     *
     * @return the names deleted
     */
    static List<String> sweep() {
        List<String> deleted = new ArrayList<>();
        for (String name : linkNames()) {
            long pid = pidOf(name);
            if (pid <= 0 || isOtherLiveRun(name)) {
                continue;
            }
            try {
                del(name);
                deleted.add(name);
            } catch (AssertionError e) {
                // its peer was deleted first, which took it along
            }
        }
        return deleted;
    }
}
