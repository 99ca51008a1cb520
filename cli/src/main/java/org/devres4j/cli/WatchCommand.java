package org.devres4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.devres4j.core.TraceEvent;
import org.devres4j.linux.DeviceMatch;
import org.devres4j.linux.HotplugSource;
import org.devres4j.linux.HotplugUnavailableException;
import org.devres4j.linux.KernelEvent;
import org.devres4j.linux.LinuxEvent;
import org.devres4j.linux.NetSample;
import org.devres4j.linux.NetStatsDriver;
import org.devres4j.linux.StatsHistory;
import org.devres4j.linux.Sysfs;
import org.devres4j.linux.SysfsBus;
import org.devres4j.linux.SysfsDevice;
import org.devres4j.sim.json.JsonStrings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code devres4j watch}: the driver model on the machine's real devices, live. A {@link SysfsBus} mirrors
 * a kernel subsystem ({@code net}); for {@code net}, the reference driver {@link NetStatsDriver} binds every
 * device matching {@code --match} and samples its counters from {@code --readers} threads. Every event —
 * kernel uevents, plugs, binds, devres {@code ADD}s, unplugs with the time from the event to the gate shut,
 * devres {@code REL}s newest first, the history's release — is one line; once a second a {@code STAT} line
 * per bound device gives reads per second and the latest counters. Runs until Ctrl-C (or {@code --seconds}),
 * then releases everything and prints a summary.
 *
 * <p><b>Lifetime:</b> the bus, the driver's samplers and the source live for the command; a shutdown hook
 * closes them on Ctrl-C (samplers stopped, every device unplugged: gate shut, {@code remove()}, devres), and
 * so does the normal end. <b>Order:</b> lines in the order the events happen. <b>Concurrency:</b> events
 * come from the bus's thread, status lines from the command's; printing is serialized.
 */
@Command(name = "watch", description = {
        "Mirror a real kernel subsystem onto a devres4j bus and show its devices live: uevents, plugs, binds, "
                + "devres lists, reads per second, unplugs and release order. Runs until Ctrl-C.",
        "For 'net' the reference driver binds the devices matching --match and samples their counters. Netlink "
                + "uevents need JDK 22+ (--source auto picks them when available); on JDK 17 sysfs is rescanned."})
final class WatchCommand implements Callable<Integer> {

    /** Rows kept for the HTML page: the oldest are dropped beyond this. */
    private static final int HTML_ROWS = 20_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--subsystem", defaultValue = "net", paramLabel = "NAME",
            description = "the kernel subsystem to mirror (default net; only net has a driver, others are shown without one)")
    String subsystem;

    @Option(names = "--match", defaultValue = "*", paramLabel = "GLOB",
            description = "the devices the driver binds, a name glob such as 'veth*' (default *)")
    String match;

    @Option(names = "--json", description = "print one JSON object per line instead of text")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "at the end, also write the events as one self-contained HTML page")
    Path html;

    @Option(names = "--source", defaultValue = "auto", paramLabel = "KIND",
            description = "auto (netlink if available, else scan), netlink (JDK 22+), or scan")
    String source;

    @Option(names = "--scan-interval", defaultValue = "50", paramLabel = "MS", description = "sysfs rescan interval (default 50 ms)")
    long scanMillis;

    @Option(names = "--readers", defaultValue = "2", paramLabel = "N", description = "sampler threads (default 2)")
    int readers;

    @Option(names = "--period", defaultValue = "100", paramLabel = "MS", description = "pause between two samples of a reader (default 100 ms)")
    long periodMillis;

    @Option(names = "--seconds", paramLabel = "N", description = "stop after N seconds instead of waiting for Ctrl-C")
    Long seconds;

    private PrintWriter out;
    private SysfsBus bus;
    private long start;
    private final ArrayDeque<WatchTimeline.Row> rows = new ArrayDeque<>();
    private long droppedRows;
    /* every device plugged during the run, by name and identity, for the summary */
    private final Map<String, SysfsDevice> seen = new LinkedHashMap<>();
    private final Map<String, Long> lastReads = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeviceMatch deviceMatch;
        try {
            if (readers < 1 || periodMillis < 0 || scanMillis < 1 || (seconds != null && seconds < 0)) {
                throw new IllegalArgumentException("--readers must be at least 1, --period at least 0, --scan-interval "
                        + "at least 1 and --seconds at least 0 (got " + readers + ", " + periodMillis + ", " + scanMillis
                        + ", " + seconds + ")");
            }
            deviceMatch = DeviceMatch.name(match);
            Sysfs.system().classDir(subsystem);
        } catch (IllegalArgumentException e) {
            err.println("devres4j watch: " + e.getMessage());
            return ScenarioArgs.SCENARIO_ERROR;
        }
        HotplugSource hotplug;
        try {
            hotplug = openSource();
        } catch (IllegalArgumentException | HotplugUnavailableException e) {
            err.println("devres4j watch: " + e.getMessage());
            return ScenarioArgs.SCENARIO_ERROR;
        }
        start = System.nanoTime();
        bus = new SysfsBus(Sysfs.system(), hotplug);
        NetStatsDriver driver = subsystem.equals("net")
                ? new NetStatsDriver("netstats", deviceMatch, 600, e -> print(new LinuxEvent.Trace(e)))
                : null;
        bus.addListener(this::print);
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        NetStatsDriver.Sampler[] sampler = new NetStatsDriver.Sampler[1];
        boolean[] htmlFailed = new boolean[1];
        Runnable stop = () -> {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            if (sampler[0] != null) {
                sampler[0].close();
            }
            bus.close();
            summary();
            htmlFailed[0] = !writeHtml(hotplug.describe(), err);
            out.flush();
            done.countDown();
        };
        Thread hook = new Thread(stop, "devres4j-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            line("WATCH", "", "subsystem " + subsystem + ", " + hotplug.describe()
                    + (driver == null ? ", no driver" : ", driver netstats on " + deviceMatch.glob() + ", " + readers + " readers"),
                    Map.of("subsystem", subsystem, "source", hotplug.origin().name().toLowerCase(Locale.ROOT),
                            "match", deviceMatch.glob()));
            if (driver != null) {
                bus.register(driver);
            }
            bus.start();
            if (driver != null) {
                sampler[0] = driver.startSampling(readers, Duration.ofMillis(periodMillis));
            }
            long deadline = seconds == null ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(seconds);
            while (!done.await(Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
                status(driver);
                if (System.nanoTime() >= deadline) {
                    break;
                }
            }
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook has run stop already
            }
        }
        return htmlFailed[0] ? ScenarioArgs.SCENARIO_ERROR : 0;
    }

    private HotplugSource openSource() {
        switch (source) {
            case "netlink":
                return HotplugSource.netlink(subsystem);
            case "scan":
                return HotplugSource.scanning(Sysfs.system(), subsystem, Duration.ofMillis(scanMillis));
            case "auto":
                return HotplugSource.open(Sysfs.system(), subsystem, Duration.ofMillis(scanMillis));
            default:
                throw new IllegalArgumentException("--source '" + source + "' is not one of auto, netlink, scan");
        }
    }

    // ------------------------------------------------------------------ rendering (the edge)

    private void print(LinuxEvent e) {
        Map<String, Object> f = new LinkedHashMap<>();
        String text;
        if (e instanceof LinuxEvent.Received r) {
            KernelEvent k = r.event();
            text = k.toString();
            f.put("action", k.action().name().toLowerCase(Locale.ROOT));
            f.put("devpath", k.devpath());
            f.put("seqnum", k.seqnum());
            f.put("origin", k.origin().name().toLowerCase(Locale.ROOT));
        } else if (e instanceof LinuxEvent.Plugged p) {
            text = p.device() + " (" + p.identity() + ", from " + p.origin().name().toLowerCase(Locale.ROOT) + ")";
            f.put("identity", p.identity());
            f.put("origin", p.origin().name().toLowerCase(Locale.ROOT));
            bus.device(p.device()).ifPresent(d -> {
                synchronized (this) {
                    seen.put(d.name() + " " + d.identity(), d);
                }
            });
        } else if (e instanceof LinuxEvent.Skipped s) {
            text = s.event() + ": " + s.reason();
            f.put("reason", s.reason());
            f.put("seqnum", s.event().seqnum());
        } else if (e instanceof LinuxEvent.Unplugged u) {
            long micros = u.latencyNanos() / 1000;
            text = u.device() + " (" + u.identity() + "): " + u.reason()
                    + (u.wasBound() ? ", gate shut " + micros + " µs after the event" : ", not bound");
            f.put("identity", u.identity());
            f.put("reason", u.reason());
            f.put("bound", u.wasBound());
            f.put("latency_us", micros);
        } else if (e instanceof LinuxEvent.Resynced r) {
            text = "compared with sysfs: " + r.plugged() + " plugged, " + r.unplugged() + " unplugged";
            f.put("plugged", r.plugged());
            f.put("unplugged", r.unplugged());
        } else if (e instanceof LinuxEvent.Failed x) {
            text = x.device() + ": " + x.what() + ": " + x.error();
            f.put("what", x.what());
            f.put("error", String.valueOf(x.error()));
        } else {
            TraceEvent t = ((LinuxEvent.Trace) e).event();
            text = t.owner() + (t.order() > 0 ? " #" + t.order() : "") + (t.name().equals(t.owner()) ? "" : " " + t.name())
                    + (t.detail().isEmpty() ? "" : " (" + t.detail() + ")");
            f.put("name", t.name());
            f.put("order", t.order());
            f.put("detail", t.detail());
        }
        line(e, e.verb(), e.device(), text, f);
    }

    private void line(String verb, String device, String text, Map<String, ?> fields) {
        line(null, verb, device, text, fields);
    }

    private synchronized void line(LinuxEvent event, String verb, String device, String text, Map<String, ?> fields) {
        double t = (System.nanoTime() - start) / 1e9;
        if (json) {
            StringBuilder sb = new StringBuilder("{\"t\":").append(String.format(Locale.ROOT, "%.6f", t))
                    .append(",\"verb\":").append(JsonStrings.quote(verb))
                    .append(",\"device\":").append(JsonStrings.quote(device));
            for (Map.Entry<String, ?> f : fields.entrySet()) {
                sb.append(',').append(JsonStrings.quote(f.getKey())).append(':').append(jsonValue(f.getValue()));
            }
            out.println(sb.append('}'));
        } else {
            out.printf(Locale.ROOT, "%9.3f %-10s %s%n", t, verb, text);
        }
        out.flush();
        rows.addLast(new WatchTimeline.Row(t, event, verb, device, text));
        if (rows.size() > HTML_ROWS) {
            rows.removeFirst();
            droppedRows++;
        }
    }

    private static String jsonValue(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(x -> parts.add(jsonValue(x)));
            return "[" + String.join(",", parts) + "]";
        }
        return JsonStrings.quote(String.valueOf(v));
    }

    private void status(NetStatsDriver driver) {
        for (SysfsDevice d : bus.devices()) {
            Optional<String> bound = d.driverName();
            if (bound.isEmpty()) {
                continue;
            }
            long reads = d.reads();
            long perSecond = reads - lastReads.getOrDefault(d.name(), 0L);
            lastReads.put(d.name(), reads);
            Optional<NetSample> latest = Optional.empty();
            if (driver != null) {
                Optional<StatsHistory> h = driver.history(d.name());
                if (h.isPresent()) {
                    try (StatsHistory history = h.get()) {
                        latest = history.latest();
                    }
                }
            }
            List<String> devres = d.devres();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("driver", bound.get());
            f.put("reads_per_s", perSecond);
            f.put("reads", reads);
            f.put("raced", d.racedReads());
            f.put("refused", d.refusedReads());
            f.put("failed", d.failedReads());
            f.put("devres", devres);
            StringBuilder text = new StringBuilder(d.name()).append(": ").append(perSecond).append(" reads/s");
            latest.ifPresent(s -> {
                f.put("rx_packets", s.rxPackets());
                f.put("tx_packets", s.txPackets());
                f.put("rx_bytes", s.rxBytes());
                f.put("tx_bytes", s.txBytes());
                f.put("operstate", s.operstate());
                f.put("mtu", s.mtu());
                text.append(String.format(Locale.ROOT, ", rx %d pkt %d B, tx %d pkt %d B, %s, mtu %d", s.rxPackets(),
                        s.rxBytes(), s.txPackets(), s.txBytes(), s.operstate(), s.mtu()));
            });
            text.append(", devres ").append(devres);
            line("STAT", d.name(), text.toString(), f);
        }
    }

    private void summary() {
        List<SysfsDevice> devices;
        synchronized (this) {
            devices = new ArrayList<>();
            for (SysfsDevice d : seen.values()) {
                if (d.reads() + d.refusedReads() > 0) {
                    devices.add(d);
                }
            }
        }
        for (SysfsDevice d : devices) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("reads", d.reads());
            f.put("raced", d.racedReads());
            f.put("refused", d.refusedReads());
            f.put("failed", d.failedReads());
            line("SUMMARY", d.name(), d.name() + ": " + d.reads() + " reads, " + d.racedReads() + " raced the removal, "
                    + d.refusedReads() + " refused after the gate shut, " + d.failedReads() + " failed", f);
        }
    }

    private boolean writeHtml(String sourceText, PrintWriter err) {
        if (html == null) {
            return true;
        }
        List<WatchTimeline.Row> kept;
        long dropped;
        synchronized (this) {
            kept = new ArrayList<>(rows);
            dropped = droppedRows;
        }
        List<String[]> facts = List.of(new String[] {"source", sourceText}, new String[] {"driver match", match},
                new String[] {"lines", String.valueOf(kept.size() + dropped)}, new String[] {"written", Instant.now().toString()});
        String page = TimelineHtml.render("watch: " + subsystem,
                List.of(WatchTimeline.of("watch: " + subsystem, facts, kept, dropped)));
        return TimelineHtml.writeIfAsked("watch: " + subsystem, page, html, err);
    }
}
