package org.devres4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.devres4j.linux.DeviceMatch;
import org.devres4j.linux.HotplugSource;
import org.devres4j.linux.LinuxEvent;
import org.devres4j.linux.NetStatsDriver;
import org.devres4j.linux.Sysfs;
import org.devres4j.linux.SysfsBus;

/**
 * How long a real device's removal takes to reach the driver model: from the kernel's removal of a veth
 * device to the return of the binding's gate {@code shut()} (every read in flight finished, every later
 * read refused) — once with the netlink uevent source, once with the sysfs rescan. Needs Linux and root;
 * not JMH: each sample is one real device created, bound and deleted.
 *
 * <p>"The kernel's removal" is the first moment user space can see it: a watcher thread re-reads the
 * device's {@code ifindex} attribute without pause while {@code ip link del} runs, and the first read that
 * fails stamps it (a network device's attributes answer EINVAL from the start of its unregistration, ENODEV
 * once kernfs removed them). That start comes before the kernel's own work — closing the device, RCU grace
 * periods — and before it announces the removal, so the total is an upper bound of what the library adds;
 * the file also gives the two parts: the kernel's removal to the event reaching the bus
 * ({@code kernelToEvent}) and the event to the shut ({@code eventToShut}). The figures include the watcher's
 * own reaction (one sysfs read, a few µs) and are only meaningful on a quiet machine.
 *
 * <p>The netlink source needs JDK 22+; run on an older JDK, the harness measures it in a child JVM of
 * {@code --netlink-java PATH} (default: the JDK 25 at {@code /usr/lib/jvm/temurin-25-jdk-amd64}, when it exists)
 * and merges its figures. Devices are named {@code d4b<pid><n>}; all are deleted at the end, also on failure.
 *
 * <p>Usage: {@code RemovalLatency [--quick] [--rounds R] [--samples N] [--scan-interval MS] [--out FILE]
 * [--only netlink|scan] [--netlink-java PATH]}; default file {@code bench/results/removal-latency.properties},
 * in the format {@link External} reads: {@code status} ({@code ok} or {@code skipped} with a {@code reason}),
 * {@code device}, and per-round values, comma-separated, one per round (R rounds of N removals after a
 * warm-up round): {@code removal.{median,p99,max}.ns} — the netlink (uevent) path —, {@code removal.scan.*}
 * the same for the rescan (interval {@code removal.scan.interval.ms}), and for each the parts
 * {@code .kernelToEvent.*} and {@code .eventToShut.*}; {@code removal.netlink.unavailable} says why the
 * netlink path was not measured, if it was not.
 */
public final class RemovalLatency {

    private static final String DEFAULT_JDK22 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final String PREFIX = "d4b" + Long.toString(ProcessHandle.current().pid(), 36);

    private RemovalLatency() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args("RemovalLatency", args, List.of("--quick"),
                List.of("--out", "--rounds", "--samples", "--scan-interval", "--only", "--netlink-java"));
        boolean quick = a.flag("--quick");
        int rounds = a.positiveInt("--rounds", 5);
        int samples = a.positiveInt("--samples", quick ? 10 : 40);
        long intervalMs = a.positiveInt("--scan-interval", 10);
        Path out = Path.of(a.value("--out", "bench/results/removal-latency.properties"));
        String only = a.value("--only", "");
        Properties p = new Properties();
        p.setProperty("java.version", Runtime.version().toString());
        p.setProperty("removal.scan.interval.ms", Long.toString(intervalMs));
        p.setProperty("device", "veth pairs created and deleted with iproute2 (" + rounds + " rounds of " + samples
                + " removals per source); the netlink path is removal.*, the sysfs rescan removal.scan.*");
        String skip = unavailableReason();
        if (skip != null) {
            p.setProperty("status", "skipped");
            p.setProperty("reason", skip);
            System.out.println("RemovalLatency: skipped: " + skip);
            write(p, out);
            return;
        }
        p.setProperty("status", "ok");
        List<String> created = new ArrayList<>();
        try {
            if (!only.equals("scan")) {
                if (HotplugSource.netlinkUnavailableReason().isEmpty()) {
                    measure("netlink", () -> HotplugSource.netlink("net"), rounds, samples, created, p);
                } else {
                    netlinkInChild(a, rounds, samples, intervalMs, p);
                }
            }
            if (!only.equals("netlink")) {
                measure("scan", () -> HotplugSource.scanning(Sysfs.system(), "net", Duration.ofMillis(intervalMs)),
                        rounds, samples, created, p);
            }
        } finally {
            for (String n : created) {
                ip(true, "link", "del", n);
            }
        }
        write(p, out);
    }

    /* Root on Linux with iproute2, or the reason there is none. */
    private static String unavailableReason() {
        if (!Files.isDirectory(Path.of("/sys/class/net"))) {
            return "needs Linux (/sys/class/net)";
        }
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return "needs root to create veth devices";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot tell the user id: " + e;
        }
        return null;
    }

    private static void write(Properties p, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            p.store(os, "kernel removal -> Gate.shut() returned, see RemovalLatency");
        }
        System.out.println("wrote " + out);
    }

    private interface SourceFactory {
        HotplugSource open();
    }

    private static void measure(String kind, SourceFactory factory, int rounds, int samples, List<String> created,
                                Properties p) throws Exception {
        Map<String, LinuxEvent.Unplugged> unplugs = new ConcurrentHashMap<>();
        NetStatsDriver driver = new NetStatsDriver("latency", DeviceMatch.name(PREFIX + "*"), 4, null);
        // key suffix -> per-round values
        Map<String, List<String>> perRound = new java.util.LinkedHashMap<>();
        String base = kind.equals("netlink") ? "removal" : "removal." + kind;
        try (SysfsBus bus = new SysfsBus(Sysfs.system(), factory.open())) {
            bus.addListener(e -> {
                if (e instanceof LinuxEvent.Unplugged) {
                    LinuxEvent.Unplugged u = (LinuxEvent.Unplugged) e;
                    unplugs.put(u.device(), u);
                }
            });
            bus.register(driver);
            bus.start();
            int n = 0;
            for (int r = 0; r <= rounds; r++) { // round 0 warms up
                long[] total = new long[samples];
                long[] toEvent = new long[samples];
                long[] toShut = new long[samples];
                for (int i = 0; i < samples; i++) {
                    String name = PREFIX + kind.charAt(0) + (n++);
                    created.add(name);
                    ip(false, "link", "add", name, "type", "veth", "peer", "name", name + "p");
                    waitFor(() -> bus.device(name).flatMap(d -> d.driverName()).isPresent(), "bind of " + name);
                    long kernelGone = deleteAndWatch(name);
                    waitFor(() -> unplugs.containsKey(name), "unplug of " + name);
                    LinuxEvent.Unplugged u = unplugs.get(name);
                    total[i] = u.shutReturnedNanos() - kernelGone;
                    toEvent[i] = u.receivedNanos() - kernelGone;
                    toShut[i] = u.latencyNanos();
                    waitFor(() -> bus.device(name + "p").isEmpty(), "unplug of " + name + "p");
                    created.remove(name);
                }
                if (r == 0) {
                    continue;
                }
                add(perRound, "", total);
                add(perRound, ".kernelToEvent", toEvent);
                add(perRound, ".eventToShut", toShut);
                Arrays.sort(total);
                System.out.printf("%-7s round %d: kernel removal -> shut() returned: median %d us, p99 %d us (%d removals)%n",
                        kind, r, micros(percentile(total, 0.5)), micros(percentile(total, 0.99)), samples);
            }
        }
        for (Map.Entry<String, List<String>> e : perRound.entrySet()) {
            p.setProperty(base + e.getKey(), String.join(",", e.getValue()));
        }
        p.setProperty(base + ".samples.per.round", Integer.toString(samples));
    }

    private static void add(Map<String, List<String>> perRound, String part, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        perRound.computeIfAbsent(part + ".median.ns", k -> new ArrayList<>()).add(Long.toString(percentile(sorted, 0.50)));
        perRound.computeIfAbsent(part + ".p99.ns", k -> new ArrayList<>()).add(Long.toString(percentile(sorted, 0.99)));
        perRound.computeIfAbsent(part + ".max.ns", k -> new ArrayList<>()).add(Long.toString(sorted[sorted.length - 1]));
    }

    /** Starts the deletion and returns the nanoTime of the first failed read of the device's ifindex. */
    private static long deleteAndWatch(String name) throws Exception {
        long[] gone = new long[1];
        byte[] buf = new byte[32];
        try (RandomAccessFile f = new RandomAccessFile("/sys/class/net/" + name + "/ifindex", "r")) {
            Thread watcher = new Thread(() -> {
                while (true) {
                    try {
                        f.seek(0);
                        f.read(buf);
                    } catch (IOException e) {
                        gone[0] = System.nanoTime();
                        return;
                    }
                }
            }, "removal-watcher");
            watcher.start();
            ip(false, "link", "del", name);
            watcher.join(TimeUnit.SECONDS.toMillis(30));
            if (watcher.isAlive()) {
                throw new IllegalStateException("the ifindex of " + name + " still reads 30 s after ip link del");
            }
        }
        return gone[0];
    }

    private static void netlinkInChild(Args a, int rounds, int samples, long intervalMs, Properties p) throws Exception {
        Path java = Path.of(a.value("--netlink-java", DEFAULT_JDK22), "bin", "java");
        String reason = HotplugSource.netlinkUnavailableReason().orElse("");
        if (!Files.isExecutable(java)) {
            p.setProperty("removal.netlink.unavailable", reason + "; no JDK 22+ at " + java);
            System.out.println("netlink: not measured: " + reason + "; no JDK 22+ at " + java);
            return;
        }
        Path tmp = Files.createTempFile("removal-latency-netlink", ".properties");
        try {
            List<String> cmd = List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), RemovalLatency.class.getName(), "--only", "netlink",
                    "--rounds", Integer.toString(rounds), "--samples", Integer.toString(samples),
                    "--scan-interval", Long.toString(intervalMs), "--out", tmp.toString());
            System.out.println("netlink needs JDK 22+: measuring it in " + java);
            Process child = new ProcessBuilder(cmd).inheritIO().start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException("the JDK 22+ child measuring the netlink source exited with " + child.exitValue());
            }
            Properties c = Report.properties(tmp);
            for (String k : c.stringPropertyNames()) {
                if (k.startsWith("removal") && !k.startsWith("removal.scan")) {
                    p.setProperty(k, c.getProperty(k));
                }
            }
            p.setProperty("removal.java.version", c.getProperty("java.version", "?"));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void waitFor(Condition c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited 30 s for the " + what);
            }
            Thread.sleep(0, 200_000);
        }
    }

    private static void ip(boolean quiet, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        pr.getOutputStream().close();
        try (InputStream in = pr.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (pr.waitFor() != 0 && !quiet) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + text.strip());
            }
        }
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos);
    }

    /* The nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
