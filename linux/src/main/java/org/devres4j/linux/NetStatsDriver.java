package org.devres4j.linux;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.devres4j.core.TraceListener;

/**
 * The reference driver for real network devices: it samples each matching device's counters
 * ({@code statistics/rx_packets}, {@code tx_packets}, {@code rx_bytes}, {@code tx_bytes}, {@code operstate},
 * {@code mtu}) into a {@link StatsHistory}, from as many threads as asked.
 *
 * <p>Written by seed 004's rule of thumb. <b>devres</b> (released at unplug or unbind, newest first): the six
 * attribute files, opened at probe; the binding's reference on the history; the entry that makes the device
 * visible to samplers and clients (added last, so withdrawn first). <b>Refcounted, drmm-like</b>: the
 * history, which outlives the device while a client holds a reference. <b>enter/exit</b>: every read of
 * the hardware (the attribute files) goes through the binding's gate, so a sample racing the kernel's
 * removal ends as "device gone" and counts as a raced read — never an exception.
 *
 * <p><b>Lifetime:</b> one driver serves many devices; {@link #startSampling} threads stop at
 * {@link Sampler#close()}. <b>Order:</b> probe: attributes → history reference → visible; release: the
 * reverse. <b>Concurrency:</b> {@link #sample}, {@link #sampleAll} and {@link #history} are safe from any
 * thread, concurrently with probes and unplugs.
 */
public final class NetStatsDriver implements SysfsDriver {

    /** The attribute files sampled, in the order they are opened (so released in the reverse order). */
    public static final List<String> ATTRIBUTES = List.of("statistics/rx_packets", "statistics/tx_packets",
            "statistics/rx_bytes", "statistics/tx_bytes", "operstate", "mtu");

    private record Bound(SysfsBinding binding, List<Attribute> attributes, StatsHistory history) {
    }

    private final String name;
    private final DeviceMatch match;
    private final int historyCapacity;
    private final TraceListener historyTrace;
    private final Map<String, Bound> bound = new ConcurrentHashMap<>();
    private final LongAdder samples = new LongAdder();
    private final LongAdder gone = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /**
     * @param name            the driver name
     * @param match           which devices it takes
     * @param historyCapacity samples kept per device
     * @param historyTrace    receives the history lists' {@code ADD}/{@code REL} events, or null
     * @throws IllegalArgumentException if the capacity is below 1
     */
    public NetStatsDriver(String name, DeviceMatch match, int historyCapacity, TraceListener historyTrace) {
        this.name = Objects.requireNonNull(name, "NetStatsDriver: the name must not be null");
        this.match = Objects.requireNonNull(match, "NetStatsDriver '" + name + "': the match must not be null");
        if (historyCapacity < 1) {
            throw new IllegalArgumentException("NetStatsDriver '" + name + "': history capacity " + historyCapacity
                    + " is refused: it must be at least 1");
        }
        this.historyCapacity = historyCapacity;
        this.historyTrace = historyTrace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean matches(SysfsDevice device) {
        return match.test(device);
    }

    @Override
    public void probe(SysfsBinding binding) throws IOException {
        List<Attribute> attrs = new ArrayList<>(ATTRIBUTES.size());
        for (String a : ATTRIBUTES) {
            attrs.add(binding.openAttribute(a));
        }
        String dev = binding.device().name();
        StatsHistory history = StatsHistory.create(dev, historyCapacity, historyTrace);
        binding.devres().addOrReset("put stats history", d -> history.put());
        Bound b = new Bound(binding, List.copyOf(attrs), history);
        bound.put(dev, b);
        binding.devres().addOrReset("unpublish from samplers", d -> bound.remove(dev, b));
    }

    /** @return the names of the devices bound now, sorted */
    public List<String> boundDevices() {
        return List.copyOf(new TreeSet<>(bound.keySet()));
    }

    /**
     * Reads every counter of one device through its gate and appends the sample to its history.
     *
     * @param device a device name
     * @return the sample; empty if the device is not bound, is gone (its gate shut, or a read met the
     *         removal), or a read failed
     */
    public Optional<NetSample> sample(String device) {
        Bound b = bound.get(device);
        if (b == null || !b.history.tryGet()) {
            return Optional.empty();
        }
        try {
            long[] v = new long[ATTRIBUTES.size()];
            String operstate = "";
            for (int i = 0; i < v.length; i++) {
                Reading r = b.attributes.get(i).read();
                if (!r.isValue()) {
                    (r.isGone() ? gone : failed).increment();
                    return Optional.empty();
                }
                if (ATTRIBUTES.get(i).equals("operstate")) {
                    operstate = r.text();
                } else {
                    v[i] = r.asLong().orElseThrow();
                }
            }
            NetSample s = new NetSample(device, System.nanoTime(), v[0], v[1], v[2], v[3], operstate, v[5]);
            b.history.append(s);
            samples.increment();
            return Optional.of(s);
        } finally {
            b.history.put();
        }
    }

    /**
     * Samples every bound device once.
     *
     * @return how many samples were taken
     */
    public int sampleAll() {
        int n = 0;
        for (String d : bound.keySet()) {
            if (sample(d).isPresent()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Takes a reference on a bound device's history. The caller must {@link StatsHistory#close()} it; the
     * history stays readable after the device is gone until then.
     *
     * @param device a device name
     * @return the history with a reference taken, or empty if the device is not bound
     */
    public Optional<StatsHistory> history(String device) {
        Bound b = bound.get(device);
        return b != null && b.history.tryGet() ? Optional.of(b.history) : Optional.empty();
    }

    /** @return samples taken in all */
    public long samples() {
        return samples.sum();
    }

    /** @return samples abandoned because the device was gone (gate shut or a raced read) */
    public long goneSamples() {
        return gone.sum();
    }

    /** @return samples abandoned because a read failed while the device was there */
    public long failedSamples() {
        return failed.sum();
    }

    /**
     * Starts threads that each call {@link #sampleAll()} every {@code period}.
     *
     * @param threads how many threads, at least 1
     * @param period  the pause between two rounds of one thread (zero: no pause)
     * @return the running sampler; closing it stops and joins the threads
     * @throws IllegalArgumentException if threads is below 1 or the period is negative
     */
    public Sampler startSampling(int threads, Duration period) {
        return new Sampler(this, threads, period);
    }

    @Override
    public String toString() {
        return "NetStatsDriver[" + name + ", " + match + ", " + bound.size() + " bound]";
    }

    /**
     * Threads sampling every bound device of a {@link NetStatsDriver}.
     *
     * <p><b>Lifetime:</b> from {@link NetStatsDriver#startSampling} to {@link #close()}, which stops and joins
     * every thread. <b>Order:</b> each thread samples the bound devices in turn, then pauses. <b>Concurrency:</b>
     * close from any thread but the sampler's own.
     */
    public static final class Sampler implements AutoCloseable {
        private final NetStatsDriver driver;
        private final long periodNanos;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean stop;

        Sampler(NetStatsDriver driver, int count, Duration period) {
            this.driver = driver;
            Objects.requireNonNull(period, "startSampling: the period must not be null");
            if (count < 1 || period.isNegative()) {
                throw new IllegalArgumentException("startSampling of driver '" + driver.name + "': " + count
                        + " threads every " + period + " is refused: at least 1 thread and a period of zero or more");
            }
            this.periodNanos = period.toNanos();
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(this::loop, "devres4j-linux-sampler-" + driver.name + "-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
            threads.forEach(Thread::start);
        }

        private void loop() {
            while (!stop) {
                driver.sampleAll();
                if (periodNanos > 0) {
                    LockSupport.parkNanos(this, periodNanos);
                } else {
                    Thread.onSpinWait();
                }
            }
        }

        /** Stops and joins every sampler thread. Idempotent. */
        @Override
        public void close() {
            stop = true;
            threads.forEach(LockSupport::unpark);
            Joins.uninterruptibly(threads);
        }
    }
}
