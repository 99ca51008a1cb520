package org.devres4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import org.devres4j.core.Gate;

/**
 * How long {@link Gate#shut()} takes — with nobody inside, and with two reader threads that loop
 * tryEnter/exit on the current gate as fast as they can. Not JMH: each sample needs a fresh, open
 * gate, and the interesting figures are the median and the tail, not the mean.
 *
 * <p>With busy readers, every sample publishes a new gate, lets the readers find it (a short spin),
 * then times one {@code shut()} with {@link System#nanoTime()}; the figure includes one nanoTime
 * call, whose own cost is measured and written out next to it. With no readers a shut is cheaper
 * than a nanoTime call, so a sample is the mean of a batch of {@value #BATCH} shuts of fresh gates,
 * timed together; median and p99 are over those batch means.
 *
 * <p>Usage: {@code ShutLatency [--quick] [--out file.properties]}
 */
public final class ShutLatency {

    /** The gate the readers enter; replaced for every sample. */
    private static volatile Gate current = Gate.create("latency-0");
    private static volatile boolean stop;

    /** Shuts per sample when nobody is inside. */
    static final int BATCH = 64;

    private ShutLatency() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Args.flag(args, "--quick");
        Path out = Args.path(args, "--out", "bench/results/shut-latency.properties");
        int samples = quick ? 10_000 : 100_000;
        int warmUp = quick ? 20_000 : 50_000;

        Properties p = new Properties();
        p.setProperty("samples", Integer.toString(samples));
        long nanoTime = nanoTimeCost();
        p.setProperty("nanoTime.ns", Long.toString(nanoTime));
        System.out.printf("System.nanoTime() costs %d ns here (median)%n", nanoTime);
        p.setProperty("shut.readers0.batch", Integer.toString(BATCH));
        for (int readers : new int[] {0, 2}) {
            measure(readers, readers == 0 ? warmUp / 10 : warmUp); // JIT the shutter and the readers
            long[] ns = measure(readers, samples);
            Arrays.sort(ns);
            String key = "shut.readers" + readers;
            p.setProperty(key + ".median.ns", Long.toString(percentile(ns, 0.50)));
            p.setProperty(key + ".p99.ns", Long.toString(percentile(ns, 0.99)));
            p.setProperty(key + ".max.ns", Long.toString(ns[ns.length - 1]));
            System.out.printf("shut() with %d busy readers: median %d ns, p99 %d ns, max %d ns (%d samples%s)%n",
                    readers, percentile(ns, 0.50), percentile(ns, 0.99), ns[ns.length - 1], ns.length,
                    readers == 0 ? ", each the mean of " + BATCH + " shuts" : ", each one shut + one nanoTime");
        }
        Args.store(p, out, "Gate.shut() latency, see ShutLatency");
    }

    private static long[] measure(int readers, int samples) throws InterruptedException {
        return readers == 0 ? measureBatches(samples) : measureBusy(readers, samples);
    }

    private static long[] measureBatches(int batches) {
        long[] ns = new long[batches];
        Gate[] gates = new Gate[BATCH];
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < BATCH; i++) {
                gates[i] = Gate.create("latency");
            }
            long t0 = System.nanoTime();
            for (Gate gate : gates) {
                gate.shut();
            }
            ns[b] = (System.nanoTime() - t0) / BATCH;
        }
        return ns;
    }

    private static long[] measureBusy(int readers, int samples) throws InterruptedException {
        stop = false;
        Thread[] threads = new Thread[readers];
        for (int i = 0; i < readers; i++) {
            threads[i] = new Thread(ShutLatency::readLoop, "reader-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        long[] ns = new long[samples];
        for (int i = 0; i < samples; i++) {
            Gate gate = Gate.create("latency");
            current = gate;
            spin(20_000); // let the readers find the open gate and get busy on it
            long t0 = System.nanoTime();
            gate.shut();
            ns[i] = System.nanoTime() - t0;
        }
        stop = true;
        for (Thread t : threads) {
            t.join();
        }
        return ns;
    }

    /** A reader as a driver's hot path has it: enter, do (almost) nothing, exit, again. */
    private static void readLoop() {
        long entered = 0;
        while (!stop) {
            Gate gate = current;
            int token = gate.tryEnter();
            if (token >= 0) {
                entered++;
                gate.exit(token);
            }
        }
        if (entered < 0) {
            System.out.println(entered); // keeps the loop's work observable
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static long nanoTimeCost() {
        long[] ns = new long[100_000];
        for (int i = 0; i < ns.length; i++) {
            long t0 = System.nanoTime();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        return percentile(ns, 0.50);
    }

    static long percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
