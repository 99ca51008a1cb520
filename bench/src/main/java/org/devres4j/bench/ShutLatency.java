package org.devres4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.devres4j.core.Gate;

/**
 * How long {@link Gate#shut()} takes — with nobody inside, and with two reader threads that loop
 * tryEnter/exit on the current gate as fast as they can — and, on Java 22+, the same for
 * {@code Arena.ofShared().close()} with readers that check the segment is alive and read it: the
 * JDK's own "wait until no thread is inside, then refuse everyone" primitive. Not JMH: each sample
 * needs a fresh, open gate (or arena), and the interesting figures are the median and the tail.
 *
 * <p>With busy readers, every sample publishes a new gate, lets the readers find it (a short spin),
 * checks that every reader got in during the spin (else the try is not counted: on a busy machine a
 * reader thread may not be running), then times one {@code shut()} with {@link System#nanoTime()},
 * for at most {@link Busy#BUDGET_NANOS} per measurement; the figure includes one nanoTime
 * call, whose own cost is measured and written out next to it. With no readers a shut is cheaper
 * than a nanoTime call, so a sample is the mean of a batch of {@value #BATCH} shuts of fresh gates,
 * timed together. The arena is measured the same way.
 *
 * <p>Interleaved like the JMH groups: after a warm-up, {@link Plan.Timing#rounds()} rounds, each
 * measuring every target at every reader count of {@link #READERS} (targets in alternating order), each
 * round giving one median and one p99 per target; the report takes the median of the rounds and the
 * arena-to-gate ratio per round.
 *
 * <p>How many samples a round takes is the target's ({@link Target#samples}): the gate's p99 rows need
 * many (4,000 per round in a quick run, so a p99 is the 40th largest; 20,000 in a full one); the
 * arena has median rows only, and a close costs tens of microseconds to milliseconds, so a quick run
 * takes fewer of them (see {@link ArenaTarget#samples}).
 *
 * <p>Usage: {@code ShutLatency --out DIR [--quick]}; writes {@code DIR/shut.tsv} ({@link Samples}).
 */
public final class ShutLatency {

    /** Shuts per sample when nobody is inside. */
    static final int BATCH = 64;

    /**
     * The busy-reader counts measured. Two readers and the shutter are three running threads: on a
     * machine with fewer CPUs one of them is always descheduled, often a reader inside its section, and
     * the shut then waits for the scheduler (see {@link #CPUS}); one reader and the shutter fit on two.
     */
    static final int[] READERS = {0, 1, 2};

    /** The metric, under member {@code machine}, that records how many CPUs the JVM could use. */
    static final String CPUS = "cpus";

    /**
     * Something that can be opened, entered by readers, and shut: a gate, or a shared arena.
     *
     * @param <T> the open thing
     */
    interface Target<T> {
        /** @return the member name prefix, e.g. {@code gate.shut} */
        String name();

        T open();

        /** @return ≥ 0 if the reader got in (and out again), negative if refused */
        int use(T t);

        void shut(T t);

        /**
         * @param quick   whether this is a quick run
         * @param readers the busy readers
         * @return the samples a measured round takes (with no readers: batches of {@link #BATCH} shuts),
         *         each measurement also bounded by {@link Busy#BUDGET_NANOS}; a warm-up takes a quarter as
         *         many with no readers and twice as many with readers
         */
        default int samples(boolean quick, int readers) {
            return quick ? 4_000 : 20_000;
        }
    }

    /** A gate: tryEnter, exit; shut. */
    static final class GateTarget implements Target<Gate> {
        @Override
        public String name() {
            return "gate.shut";
        }

        @Override
        public Gate open() {
            return Gate.create("latency");
        }

        @Override
        public int use(Gate gate) {
            int token = gate.tryEnter();
            if (token >= 0) {
                gate.exit(token);
            }
            return token;
        }

        @Override
        public void shut(Gate gate) {
            gate.shut();
        }
    }

    /** A shared arena: an alive check and a read of its segment; close. */
    static final class ArenaTarget implements Target<SharedArenas.Open> {
        private final SharedArenas arenas;

        ArenaTarget(SharedArenas arenas) {
            this.arenas = arenas;
        }

        @Override
        public String name() {
            return "arena.close";
        }

        @Override
        public SharedArenas.Open open() {
            return arenas.open();
        }

        @Override
        public int use(SharedArenas.Open open) {
            return arenas.read(open);
        }

        @Override
        public void shut(SharedArenas.Open open) {
            arenas.close(open);
        }

        /**
         * A close costs about 40 µs with no reader and 140 µs with one (a handshake with every thread), so
         * the gate's 4,000 samples took 2 s per round at 0 readers (the budget) and half a second at 1,
         * 12 s of a quick run on Java 25 for two median rows. A quick run takes 100 batches (6,400 closes)
         * at 0 readers and 400 samples with readers: a median of 100 or 400 values, in well under a
         * second. A full run takes the gate's count.
         */
        @Override
        public int samples(boolean quick, int readers) {
            return !quick ? Target.super.samples(false, readers) : readers == 0 ? 100 : 400;
        }
    }

    private ShutLatency() {
    }

    /** @return the member id of a target at a reader count, e.g. {@code gate.shut@2r} */
    static String member(String target, int readers) {
        return target + "@" + readers + "r";
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args("ShutLatency", args, List.of("--quick"), List.of("--out"));
        Path out = Path.of(a.required("--out"));
        boolean quick = a.flag("--quick");
        Plan.Timing timing = Plan.Timing.of(quick);

        List<Target<?>> targets = new ArrayList<>();
        targets.add(new GateTarget());
        Optional<SharedArenas> arenas = SharedArenas.find();
        arenas.ifPresentOrElse(x -> targets.add(new ArenaTarget(x)),
                () -> System.out.println("Arena.ofShared().close(): not run, " + SharedArenas.unavailableReason()));

        Samples samples = new Samples();
        long nanoTime = nanoTimeCost();
        samples.put("shut", "nanoTime", 1, "ns", nanoTime);
        samples.put("shut", "machine", 1, CPUS, Runtime.getRuntime().availableProcessors());
        System.out.printf("System.nanoTime() costs %d ns here (median)%n", nanoTime);

        // JIT the shutter and the readers; at 1 reader only, not 2: the same code, and with more threads
        // than CPUs the readers are rarely all running, so a 2-reader warm-up runs out its budget (2 s)
        for (Target<?> t : targets) {
            for (int readers : READERS) {
                if (readers <= 1) {
                    int n = t.samples(quick, readers);
                    measure(t, readers, readers == 0 ? n / 4 : n * 2);
                }
            }
        }
        for (int round = 0; round < timing.rounds(); round++) {
            StringBuilder line = new StringBuilder("  shut round " + (round + 1) + "/" + timing.rounds() + ":");
            for (Target<?> t : Plan.roundOrder(targets, round)) {
                for (int readers : READERS) {
                    Measured m = measure(t, readers, t.samples(quick, readers));
                    Histogram h = m.histogram();
                    String member = member(t.name(), readers);
                    samples.put("shut", member, round + 1, "readers.active", m.activeShare());
                    if (h.getTotalCount() == 0) {
                        continue; // the readers never ran together: this round has no figure
                    }
                    samples.put("shut", member, round + 1, "median.ns", h.getValueAtPercentile(50));
                    samples.put("shut", member, round + 1, "p99.ns", h.getValueAtPercentile(99));
                    line.append(String.format(java.util.Locale.ROOT, " %s median %d ns p99 %d ns (%d samples, readers all running in %.0f%% of tries);",
                            member, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getTotalCount(), m.activeShare() * 100));
                }
            }
            System.out.println(line);
        }
        StringBuilder counts = new StringBuilder();
        for (Target<?> t : targets) {
            counts.append(t.name()).append(' ').append(t.samples(quick, 0)).append(" / ").append(t.samples(quick, 1)).append("; ");
        }
        samples.write(out, "shut", "Gate.shut() and Arena.close() latency, samples per round at 0 / 1+ readers: " + counts
                + "0 readers: each sample the mean of " + BATCH + " shuts; Java " + System.getProperty("java.version"));
    }

    /** A latency histogram and, with readers, the share of tries in which they were all running. */
    private record Measured(Histogram histogram, double activeShare) {
    }

    private static <T> Measured measure(Target<T> t, int readers, int samples) throws InterruptedException {
        if (readers == 0) {
            return new Measured(measureBatches(t, samples), 1);
        }
        Busy<T> busy = new Busy<>(t, readers);
        Histogram h = busy.measure(samples);
        return new Measured(h, busy.activeShare());
    }

    private static <T> Histogram measureBatches(Target<T> t, int batches) {
        Histogram h = new Histogram(3);
        List<T> open = new ArrayList<>(BATCH);
        long deadline = System.nanoTime() + Busy.BUDGET_NANOS;
        for (int b = 0; b < batches && System.nanoTime() - deadline < 0; b++) {
            open.clear();
            for (int i = 0; i < BATCH; i++) {
                open.add(t.open());
            }
            long t0 = System.nanoTime();
            for (T x : open) {
                t.shut(x);
            }
            h.recordValue(Math.max(0, (System.nanoTime() - t0) / BATCH));
        }
        return h;
    }

    /**
     * Readers looping on the current target while the main thread shuts one after another. A sample
     * counts only if every reader got in at least once during the spin before the shut — on a
     * machine with more runnable threads than cores a reader may not be running at all, and a shut
     * with nobody around is not the figure asked for. {@link #activeShare} says how many samples
     * had to be thrown away.
     */
    private static final class Busy<T> {
        /**
         * At most this long per measurement, so a starved machine ends the run instead of stalling it:
         * there, a reader preempted inside its section makes a shut wait for the scheduler.
         */
        static final long BUDGET_NANOS = 2_000_000_000L;

        private final Target<T> target;
        private volatile T current;
        private volatile boolean stop;
        private final java.util.concurrent.atomic.AtomicLongArray entered;
        private double activeShare = Double.NaN;

        Busy(Target<T> target, int readers) {
            this.target = target;
            this.entered = new java.util.concurrent.atomic.AtomicLongArray(readers * 16); // one cache line each
        }

        Histogram measure(int samples) throws InterruptedException {
            int readers = entered.length() / 16;
            Thread[] threads = new Thread[readers];
            for (int i = 0; i < readers; i++) {
                int slot = i * 16;
                threads[i] = new Thread(() -> readLoop(slot), "reader-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
            Histogram h = new Histogram(3);
            long[] seen = new long[readers];
            long tries = 0;
            long deadline = System.nanoTime() + BUDGET_NANOS;
            try {
                while (h.getTotalCount() < samples && System.nanoTime() - deadline < 0) {
                    tries++;
                    T x = target.open();
                    current = x;
                    for (int i = 0; i < readers; i++) {
                        seen[i] = entered.get(i * 16);
                    }
                    spin(20_000); // let the readers find the open one and get busy on it
                    boolean allIn = true;
                    for (int i = 0; i < readers; i++) {
                        allIn &= entered.get(i * 16) != seen[i];
                    }
                    long t0 = System.nanoTime();
                    target.shut(x);
                    long ns = System.nanoTime() - t0;
                    if (allIn) {
                        h.recordValue(ns);
                    }
                }
            } finally {
                stop = true;
                for (Thread t : threads) {
                    t.join();
                }
            }
            activeShare = tries == 0 ? 0 : (double) h.getTotalCount() / tries;
            if (h.getTotalCount() == 0) {
                System.out.println("  " + target.name() + ": in " + tries + " tries the " + readers
                        + " readers were never all running at once; no figure this time (the machine is too busy)");
            }
            return h;
        }

        double activeShare() {
            return activeShare;
        }

        /** A reader as a driver's hot path has it: enter, do (almost) nothing, exit, again. */
        private void readLoop(int slot) {
            while (!stop) {
                T c = current;
                if (c != null && target.use(c) >= 0) {
                    entered.lazySet(slot, entered.get(slot) + 1);
                }
            }
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static long nanoTimeCost() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 100_000; i++) {
            long t0 = System.nanoTime();
            h.recordValue(System.nanoTime() - t0);
        }
        return h.getValueAtPercentile(50);
    }
}
