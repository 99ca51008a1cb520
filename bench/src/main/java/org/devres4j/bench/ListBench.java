package org.devres4j.bench;

import com.google.common.io.Closer;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import org.devres4j.core.Diagnostics;
import org.devres4j.core.Handle;
import org.devres4j.core.Release;
import org.devres4j.core.ResourceList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The resource list — shared, and confined to one thread — against what a user would pick instead: an unsynchronized {@link ArrayDeque} of
 * actions (push, then pop and run) and Guava's {@link Closer} (register, then close); and against the
 * floor of any thread-safe container, a bare {@link TreiberStack} (see {@link #treiber}). Every variant
 * registers N times the same shared action and then runs them all, newest first; each action bumps
 * a counter on its owner, so all of them do the same work.
 *
 * <p>Every container lives in a state field, published to the benchmark: a list that never escapes
 * lets C2 elide its lock, which would make the figure a lie. The list and the deque are reused
 * across operations, as a device reuses its devres list across probe and unbind. {@code closer}
 * creates a Closer per operation, as its documented idiom does (one Closer per try block);
 * {@code closerReused} keeps one Closer for the whole run, the cheapest way to use it (report only).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ListBench {

    /** The owner every action is released with; counts releases so no variant can skip its work. */
    public static final class Owner {
        int released;
    }

    /** The action registered N times: one shared instance, as devm_add_action passes one function. */
    static final Release<Owner> SHARED = Release.named("shared", owner -> owner.released++);

    /** The containers for N = 16 and 1024. */
    @State(Scope.Thread)
    public static class Small {
        @Param({"16", "1024"})
        public int n;

        public Owner owner;
        public ResourceList<Owner> list;
        /** Confined to the benchmark thread: JMH runs a Scope.Thread state's setup on the thread that uses it
         *  (were it not so, the first add would throw ListConfinementException and the run would fail). */
        public ResourceList<Owner> confined;
        public ArrayDeque<Release<Owner>> deque;
        public Closer closer;
        public Closeable closeable;
        /** The floor of a thread-safe add: one CAS per push. */
        TreiberStack<Owner> treiber;

        @Setup
        public void setUp() {
            owner = new Owner();
            list = ResourceList.create(owner, "bench");
            confined = ResourceList.confined(owner, "bench-confined");
            deque = new ArrayDeque<>();
            closer = Closer.create();
            treiber = new TreiberStack<>();
            Owner o = owner;
            closeable = () -> o.released++;
        }
    }

    /** The same as {@link Small}, with stack capture (the debug mode) switched on for the run. */
    @State(Scope.Thread)
    public static class Debug {
        @Param({"16"})
        public int n;

        public ResourceList<Owner> list;

        @Setup
        public void setUp() {
            Diagnostics.setCaptureStacks(true);
            list = ResourceList.create(new Owner(), "bench-debug");
        }

        @TearDown
        public void tearDown() {
            Diagnostics.setCaptureStacks(false);
        }
    }

    /** A list filled with {@code size} actions before every measured releaseAll. */
    @State(Scope.Thread)
    public static class Big {
        @Param({"10000", "1000000"})
        public int size;

        public ResourceList<Owner> list;

        @Setup(Level.Trial)
        public void create() {
            list = ResourceList.create(new Owner(), "bench-big");
        }

        @Setup(Level.Invocation)
        public void fill() {
            ResourceList<Owner> l = list;
            for (int i = 0; i < size; i++) {
                l.add(SHARED);
            }
        }
    }

    /**
     * A list filled with {@code size} actions before every measured call, their handles kept oldest
     * first: releasing them in that order is the worst case for a list that searches from its newest
     * entry (quadratic), and the same per handle for one that releases by handle in O(1).
     */
    @State(Scope.Thread)
    public static class Handles {
        @Param({"1000", "100000"})
        public int size;

        public ResourceList<Owner> list;
        public Handle[] handles;

        @Setup(Level.Trial)
        public void create() {
            list = ResourceList.create(new Owner(), "bench-handles");
            handles = new Handle[size];
        }

        @Setup(Level.Invocation)
        public void fill() {
            ResourceList<Owner> l = list;
            Handle[] h = handles;
            for (int i = 0; i < h.length; i++) {
                h[i] = l.add(SHARED);
            }
        }
    }

    /**
     * The baseline for {@link Handles}: what a user would pick for removal by key in O(1), a
     * {@link LinkedHashSet} of {@code size} keys in insertion order, filled before every measured call.
     */
    @State(Scope.Thread)
    public static class HashKeys {
        @Param({"100000"})
        public int size;

        public Owner owner;
        public LinkedHashSet<Object> set;
        public Object[] keys;

        @Setup(Level.Trial)
        public void create() {
            owner = new Owner();
            set = new LinkedHashSet<>();
            keys = new Object[size];
        }

        @Setup(Level.Invocation)
        public void fill() {
            LinkedHashSet<Object> s = set;
            Object[] k = keys;
            for (int i = 0; i < k.length; i++) {
                k[i] = new Object();
                s.add(k[i]);
            }
        }
    }

    @Benchmark
    public int addReleaseAll(Small s) {
        return addThenReleaseAll(s.list, s.n);
    }

    /** The same work as {@link #addReleaseAll} on a list confined to the benchmark thread: adds without a CAS. */
    @Benchmark
    public int addReleaseAllConfined(Small s) {
        return addThenReleaseAll(s.confined, s.n);
    }

    /**
     * The same work as {@link #addReleaseAllConfined} with handle-less adds ({@code addAction}): on a confined
     * list nobody traces, the actions go into chunks of slots instead of a node each.
     */
    @Benchmark
    public int addActionReleaseAllConfined(Small s) {
        ResourceList<Owner> list = s.confined;
        for (int i = 0; i < s.n; i++) {
            list.addAction(SHARED);
        }
        return list.releaseAll("bench");
    }

    @Benchmark
    public int addReleaseAllDebug(Debug d) {
        return addThenReleaseAll(d.list, d.n);
    }

    /** The measured work of {@code addReleaseAll} and its debug twin: n adds, then one releaseAll. */
    private static int addThenReleaseAll(ResourceList<Owner> list, int n) {
        for (int i = 0; i < n; i++) {
            list.add(SHARED);
        }
        return list.releaseAll("bench");
    }

    @Benchmark
    public int arrayDeque(Small s) throws Exception {
        ArrayDeque<Release<Owner>> deque = s.deque;
        for (int i = 0; i < s.n; i++) {
            deque.push(SHARED);
        }
        Owner owner = s.owner;
        int ran = 0;
        for (Release<Owner> action; (action = deque.poll()) != null; ran++) {
            action.release(owner);
        }
        return ran;
    }

    /**
     * The floor of any thread-safe add, measured beside the list: a bare lock-free stack doing the same
     * work — N CAS pushes of a new 24-byte node holding the {@link #SHARED} action, one atomic swap that
     * detaches them all, a walk that runs each, the count returned. No sequence numbers, tracing,
     * handles, groups or error policy: a thread-safe add cannot cost less than this (one CAS, a few
     * nanoseconds on its own, where an {@link ArrayDeque}'s whole push, poll and run is an array store
     * and load), so the shared list's rows against the ArrayDeque and a Closer have this as their floor,
     * and the list's row against it is the cost the list adds above the CAS. The stack lives in a state
     * field like the other containers: a stack that never escapes would let C2 elide its atomics.
     */
    @Benchmark
    public int treiber(Small s) throws Exception {
        TreiberStack<Owner> stack = s.treiber;
        for (int i = 0; i < s.n; i++) {
            stack.push(SHARED);
        }
        return stack.runAll(s.owner);
    }

    @Benchmark
    public int closer(Small s) throws IOException {
        Closer closer = Closer.create();
        s.closer = closer; // published, like the other containers
        return registerThenClose(closer, s);
    }

    @Benchmark
    public int closerReused(Small s) throws IOException {
        return registerThenClose(s.closer, s);
    }

    /** The measured work of {@code closer} and {@code closerReused}: n registrations, then one close. */
    private static int registerThenClose(Closer closer, Small s) throws IOException {
        Closeable closeable = s.closeable;
        for (int i = 0; i < s.n; i++) {
            closer.register(closeable);
        }
        closer.close();
        return s.owner.released;
    }

    /** Only the release: the list was filled before the call. bench/run divides by the size. */
    @Benchmark
    public int releaseAll(Big b) {
        return b.list.releaseAll("bench");
    }

    /**
     * Every handle released on its own, oldest first. bench/run divides by the size: release by handle
     * is O(1) when the cost per handle at 10⁵ is the cost at 10³.
     */
    @Benchmark
    public int releaseOneByOne(Handles h) {
        ResourceList<Owner> list = h.list;
        for (Handle handle : h.handles) {
            list.release(handle);
        }
        return h.size;
    }

    /** The baseline of {@link #releaseOneByOne}: each key removed from a LinkedHashSet, oldest first, and the action run. */
    @Benchmark
    public int linkedHashSetRemove(HashKeys h) throws Exception {
        LinkedHashSet<Object> set = h.set;
        Owner owner = h.owner;
        for (Object key : h.keys) {
            if (set.remove(key)) {
                SHARED.release(owner);
            }
        }
        return h.size;
    }
}
