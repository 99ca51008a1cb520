package org.devres4j.bench;

import java.io.IOException;
import java.io.InputStream;
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
 * <p>Usage: {@code RemovalLatency [--quick] [--samples N] [--scan-interval MS] [--out file.properties]
 * [--only netlink|scan] [--netlink-java PATH]}. Keys: {@code removal.<source>.{median,p99,max}.us},
 * {@code removal.<source>.kernelToEvent.median.us}, {@code removal.<source>.eventToShut.median.us},
 * {@code removal.scan.interval.ms}, {@code removal.<source>.samples}, {@code removal.netlink.unavailable}
 * (the reason, when it could not be measured).
 */
public final class RemovalLatency {

    private static final String DEFAULT_JDK22 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    private static final String PREFIX = "d4b" + Long.toString(ProcessHandle.current().pid(), 36);

    private RemovalLatency() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Args.flag(args, "--quick");
        int samples = Integer.parseInt(Args.value(args, "--samples", quick ? "50" : "200"));
        long intervalMs = Long.parseLong(Args.value(args, "--scan-interval", "10"));
        Path out = Args.path(args, "--out", "bench/results/removal-latency.properties");
        String only = Args.value(args, "--only", "");
        Properties p = new Properties();
        p.setProperty("java.version", Runtime.version().toString());
        p.setProperty("removal.scan.interval.ms", Long.toString(intervalMs));

        List<String> created = new ArrayList<>();
        try {
            if (!only.equals("scan")) {
                if (HotplugSource.netlinkUnavailableReason().isEmpty()) {
                    measure("netlink", () -> HotplugSource.netlink("net"), samples, created, p);
                } else {
                    netlinkInChild(args, samples, intervalMs, p);
                }
            }
            if (!only.equals("netlink")) {
                measure("scan", () -> HotplugSource.scanning(Sysfs.system(), "net", Duration.ofMillis(intervalMs)),
                        samples, created, p);
            }
        } finally {
            for (String n : created) {
                ip(true, "link", "del", n);
            }
        }
        Args.store(p, out, "kernel removal -> Gate.shut() returned, see RemovalLatency");
    }

    private interface SourceFactory {
        HotplugSource open();
    }

    private static void measure(String kind, SourceFactory factory, int samples, List<String> created, Properties p)
            throws Exception {
        Map<String, LinuxEvent.Unplugged> unplugs = new ConcurrentHashMap<>();
        NetStatsDriver driver = new NetStatsDriver("latency", DeviceMatch.name(PREFIX + "*"), 4, null);
        long[] total = new long[samples];
        long[] toEvent = new long[samples];
        long[] toShut = new long[samples];
        try (SysfsBus bus = new SysfsBus(Sysfs.system(), factory.open())) {
            bus.addListener(e -> {
                if (e instanceof LinuxEvent.Unplugged) {
                    LinuxEvent.Unplugged u = (LinuxEvent.Unplugged) e;
                    unplugs.put(u.device(), u);
                }
            });
            bus.register(driver);
            bus.start();
            int warmUp = Math.max(5, samples / 10);
            for (int i = -warmUp; i < samples; i++) {
                String name = PREFIX + kind.charAt(0) + (i + warmUp);
                created.add(name);
                ip(false, "link", "add", name, "type", "veth", "peer", "name", name + "p");
                waitFor(() -> bus.device(name).flatMap(d -> d.driverName()).isPresent(), "bind of " + name);
                long kernelGone = deleteAndWatch(name);
                waitFor(() -> unplugs.containsKey(name), "unplug of " + name);
                LinuxEvent.Unplugged u = unplugs.get(name);
                if (i >= 0) {
                    total[i] = u.shutReturnedNanos() - kernelGone;
                    toEvent[i] = u.receivedNanos() - kernelGone;
                    toShut[i] = u.latencyNanos();
                }
                waitFor(() -> bus.device(name + "p").isEmpty(), "unplug of " + name + "p");
                created.remove(name);
            }
        }
        store(p, "removal." + kind, total);
        store(p, "removal." + kind + ".kernelToEvent", toEvent);
        store(p, "removal." + kind + ".eventToShut", toShut);
        p.setProperty("removal." + kind + ".samples", Integer.toString(samples));
        Arrays.sort(total);
        System.out.printf("%-7s kernel removal -> shut() returned: median %d us, p99 %d us, max %d us (%d removals)%n", kind,
                micros(percentile(total, 0.5)), micros(percentile(total, 0.99)), micros(total[total.length - 1]), samples);
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

    private static void netlinkInChild(String[] args, int samples, long intervalMs, Properties p) throws Exception {
        Path java = Path.of(Args.value(args, "--netlink-java", DEFAULT_JDK22), "bin", "java");
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
                    "--samples", Integer.toString(samples), "--scan-interval", Long.toString(intervalMs), "--out", tmp.toString());
            System.out.println("netlink needs JDK 22+: measuring it in " + java);
            Process child = new ProcessBuilder(cmd).inheritIO().start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException("the JDK 22+ child measuring the netlink source exited with " + child.exitValue());
            }
            Properties c = new Properties();
            try (InputStream in = Files.newInputStream(tmp)) {
                c.load(in);
            }
            for (String k : c.stringPropertyNames()) {
                if (k.startsWith("removal.netlink")) {
                    p.setProperty(k, c.getProperty(k));
                }
            }
            p.setProperty("removal.netlink.java.version", c.getProperty("java.version", "?"));
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

    private static void store(Properties p, String key, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        p.setProperty(key + ".median.us", Long.toString(micros(percentile(sorted, 0.50))));
        p.setProperty(key + ".p99.us", Long.toString(micros(percentile(sorted, 0.99))));
        p.setProperty(key + ".max.us", Long.toString(micros(sorted[sorted.length - 1])));
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos);
    }

    private static long percentile(long[] sorted, double q) {
        return ShutLatency.percentile(sorted, q);
    }
}
