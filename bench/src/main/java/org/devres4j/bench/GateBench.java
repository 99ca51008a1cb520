package org.devres4j.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.devres4j.core.Gate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The read side of the hot-unplug guard against what a user would pick instead. Run at 1 and at 2
 * threads (bench/run does both): one shared gate, lock or stamped lock per benchmark, so the
 * 2-thread runs show how each scales when readers enter at once.
 *
 * <p>{@code atomicPair} is the floor: an increment and a decrement of a counter that no other
 * thread touches, i.e. what the gate costs if its striping works perfectly. {@code enterExitTracked}
 * and {@code sectionTracked} are the tracked gate (one fence per section, no atomic read-modify-write).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class GateBench {

    /** Shared by every benchmark thread: the object under test. */
    private final Gate gate = Gate.create("bench");
    /** The DRM device's kind of gate: the per-thread section count is its reader count. */
    private final Gate tracked = Gate.createTracked("bench-tracked");
    private final ReentrantReadWriteLock rwLock = new ReentrantReadWriteLock();
    private final StampedLock stamped = new StampedLock();

    /**
     * A counter private to its thread. JMH creates thread-scoped state on the benchmark thread, so
     * each counter comes from that thread's own allocation buffer, far from the other's.
     */
    @State(Scope.Thread)
    public static class Private {
        final AtomicLong counter = new AtomicLong();
    }

    @Benchmark
    public int enterExit() {
        int token = gate.tryEnter();
        if (token >= 0) {
            gate.exit(token);
        }
        return token;
    }

    /** The token form on a tracked gate (what {@code DrmDevice.tryEnter}/{@code exit} use). */
    @Benchmark
    public int enterExitTracked() {
        int token = tracked.tryEnter();
        if (token >= 0) {
            tracked.exit(token);
        }
        return token;
    }

    /** The section form on a tracked gate (try-with-resources; the section carries the thread's cell). */
    @Benchmark
    public boolean sectionTracked() {
        try (Gate.Section s = tracked.enter()) {
            return s.entered();
        }
    }

    @Benchmark
    public long atomicPair(Private p) {
        p.counter.incrementAndGet();
        return p.counter.decrementAndGet();
    }

    @Benchmark
    public void rwLockRead() {
        ReentrantReadWriteLock.ReadLock read = rwLock.readLock();
        read.lock();
        read.unlock();
    }

    @Benchmark
    public long stampedRead() {
        long stamp = stamped.readLock();
        stamped.unlockRead(stamp);
        return stamp;
    }
}
