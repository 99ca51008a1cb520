package org.devres4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What bench/run measures: the JMH groups and the harnesses, and how long each round lasts.
 *
 * <p>A <b>group</b> is the unit of interleaving: its members (a benchmark, its thread count and its
 * parameter) run in one fresh JVM in rounds, each round measuring every member once, in alternating
 * order (forward, then backward): first warm-up rounds, discarded, until every member's figure has
 * settled (members share code, so one member's run can change the compiled code of another), then
 * {@link Timing#rounds()} measured rounds.
 * A row's ratio is taken per round, between members of the same group, so candidate and baseline
 * always ran within a second or two of each other. Groups run in separate JVMs so that one group's
 * code (the debug mode, a second list size) never shapes another group's profile.
 *
 * <p>Member ids are unique within a group; {@code group/member} is unique in a run.
 */
final class Plan {

    /** Where the JMH benchmark classes live. */
    static final String PACKAGE = "org.devres4j.bench.";

    /**
     * One JMH benchmark configuration.
     *
     * @param benchmark  {@code Class.method}, e.g. {@code GateBench.enterExit}
     * @param threads    JMH threads
     * @param param      the one {@code @Param} fixed for this member, or null
     * @param value      its value, or null
     * @param timeScale  multiplies the round's iteration times (1 for most; longer for slow operations)
     * @param gcProfile  whether to run JMH's GC profiler (allocated bytes per operation)
     * @param sampled    whether to time every call on its own (JMH's SampleTime mode) and take the
     *                   lower decile, the time of a call that no preemption landed in: for single
     *                   calls of microseconds to milliseconds between setups, where on a busy
     *                   machine a preemption inside a few calls would dominate their mean
     * @param fullRunOnly whether only a full run measures it (a report-only comparison that would push
     *                    {@code --quick} past its 5 minutes); a quick run's row says so
     */
    record Member(String benchmark, int threads, String param, String value, double timeScale, boolean gcProfile,
                  boolean sampled, boolean fullRunOnly) {

        Member {
            if (threads < 1) {
                throw new IllegalArgumentException("plan: member " + benchmark + " needs at least 1 thread, got " + threads);
            }
            if ((param == null) != (value == null)) {
                throw new IllegalArgumentException("plan: member " + benchmark + " names a parameter without a value or a value without a parameter");
            }
        }

        static Member of(String benchmark, int threads) {
            return new Member(benchmark, threads, null, null, 1, false, false, false);
        }

        static Member of(String benchmark, String param, String value) {
            return new Member(benchmark, 1, param, value, 1, false, false, false);
        }

        /** @return this member, timed call by call (lower decile) */
        Member perCall() {
            return new Member(benchmark, threads, param, value, timeScale, gcProfile, true, fullRunOnly);
        }

        /** @return this member, measured only by a full run (not by {@code --quick}) */
        Member onlyInFullRuns() {
            return new Member(benchmark, threads, param, value, timeScale, gcProfile, sampled, true);
        }

        /** @return e.g. {@code GateBench.enterExit@2t} or {@code ListBench.closer[n=16]} */
        String id() {
            return benchmark + (param == null ? "" : "[" + param + "=" + value + "]") + (threads == 1 ? "" : "@" + threads + "t");
        }

        /** @return the JMH include pattern that matches exactly this benchmark method */
        String includePattern() {
            return "^" + (PACKAGE + benchmark).replace(".", "\\.") + "$";
        }
    }

    /**
     * Members measured interleaved in one JVM.
     *
     * @param name    short name, used in file names and on the command line
     * @param forks   whether the members run through the same hot code (with different data), so
     *                that in one JVM each would be compiled for the mix of both: such a group is
     *                always measured in alternating forks, each member in a JVM of its own
     * @param heapMb  the heap of every JVM that measures the group, in MB ({@code -Xms} = {@code -Xmx},
     *                pre-touched: see {@link Interleave#jvmOptions}): room for the members' live data
     *                and a young generation in which an allocating member's collections stay a small
     *                share of its time. Pre-touching costs about 4 ms of CPU per MB at every JVM start,
     *                so a group whose members keep next to nothing gets {@link #SMALL_HEAP_MB}
     * @param members at least one; ids unique
     */
    record Group(String name, boolean forks, int heapMb, List<Member> members) {

        /** The heap of a group that does not say otherwise: the largest member keeps ≈ 30 MB. */
        static final int HEAP_MB = 512;
        /** The heap of a group whose members keep next to nothing (no allocation, or 32 B of garbage per call). */
        static final int SMALL_HEAP_MB = 128;
        /** The least heap a group may ask for: JMH's own runner needs some. */
        static final int MIN_HEAP_MB = 64;

        Group {
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("plan: group " + name + " has no members");
            }
            if (heapMb < MIN_HEAP_MB) {
                throw new IllegalArgumentException("plan: group " + name + " asks for a " + heapMb + " MB heap; at least "
                        + MIN_HEAP_MB + " MB are needed");
            }
            Set<String> ids = new LinkedHashSet<>();
            for (Member m : members) {
                if (!ids.add(m.id())) {
                    throw new IllegalArgumentException("plan: group " + name + " lists member " + m.id() + " twice");
                }
            }
        }

        /** A group with the default heap ({@link #HEAP_MB}). */
        Group(String name, boolean forks, List<Member> members) {
            this(name, forks, HEAP_MB, members);
        }

        /** @return the members a run measures: all of them, or for a quick run those not kept for full runs */
        List<Member> measured(boolean quick) {
            return quick ? members.stream().filter(m -> !m.fullRunOnly()).toList() : members;
        }

        Member member(String id) {
            for (Member m : members) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("plan: group " + name + " has no member " + id);
        }
    }

    /**
     * How long things run.
     *
     * @param rounds          measured rounds (pairs per ratio)
     * @param primeWarmups    warm-up iterations of each member in the first warm-up round
     * @param primeMillis     their length
     * @param warmupMillis    the one warm-up iteration at the start of every later round: the code is
     *                        compiled by then, so it only brings back what the other members' runs
     *                        displaced (caches, branch history, the heap's state), and a quick run keeps
     *                        it to 100 ms, a full run to 500
     * @param measurements    measured iterations per member per round (the round's value is their mean)
     * @param measureMillis   their length
     * @param maxWarmupRounds the most rounds run and discarded before the measured ones; warm-up
     *                        stops earlier, after at least 2, once every member's figure moved by less
     *                        than {@code stableWithin} from the round before
     * @param stableWithin    that relative change, e.g. 0.1 for 10%
     */
    record Timing(int rounds, int primeWarmups, int primeMillis, int warmupMillis, int measurements, int measureMillis,
                  int maxWarmupRounds, double stableWithin) {

        static final Timing QUICK = new Timing(5, 3, 300, 100, 2, 300, 3, 0.10);
        static final Timing FULL = new Timing(10, 5, 1000, 500, 3, 1000, 6, 0.05);

        static Timing of(boolean quick) {
            return quick ? QUICK : FULL;
        }
    }

    /** The harnesses that are not JMH, each run in its own JVM before the JMH groups. */
    static final List<String> HARNESSES = List.of("footprint", "shut", "fuzz-memory");

    /** The gate and its baselines allocate nothing: a small heap. */
    static final Group GATE = new Group("gate", false, Group.SMALL_HEAP_MB, List.of(
            Member.of("GateBench.enterExit", 1),
            Member.of("GateBench.atomicPair", 1),
            Member.of("GateBench.enterExit", 2),
            Member.of("GateBench.atomicPair", 2),
            Member.of("GateBench.rwLockRead", 2),
            Member.of("GateBench.stampedRead", 2).onlyInFullRuns(),
            Member.of("GateBench.enterExitTracked", 1), // the tracked gate (one fence per section)
            Member.of("GateBench.enterExitTracked", 2),
            Member.of("GateBench.sectionTracked", 1).onlyInFullRuns()));

    static final Group LIST_16 = listGroup("16");
    static final Group LIST_1024 = listGroup("1024");

    static final Group LIST_DEBUG = new Group("list-debug", false, List.of(
            Member.of("ListBench.addReleaseAllDebug", "n", "16"),
            Member.of("ListBench.addReleaseAll", "n", "16")));

    /** One releaseAll per invocation (the list is filled before each): timed call by call. */
    static final Group RELEASE_ALL = new Group("release-all", false, List.of(
            Member.of("ListBench.releaseAll", "size", "10000").perCall(),
            Member.of("ListBench.releaseAll", "size", "1000000").perCall()));

    /**
     * All handles released one by one, oldest first (the list is filled before each call), against the same
     * removals from a LinkedHashSet: timed call by call.
     */
    static final Group RELEASE_ONE_BY_ONE = new Group("release-one-by-one", false, List.of(
            Member.of("ListBench.releaseOneByOne", "size", "1000").perCall(),
            Member.of("ListBench.releaseOneByOne", "size", "100000").perCall(),
            Member.of("ListBench.linkedHashSetRemove", "size", "100000").perCall()));

    /**
     * The guarded and the unguarded ioctl run the same dispatch and the same vgpu handler with a
     * different bug set: in one JVM the shared code is compiled for both branches. Alternating forks;
     * the fenced ioctl (the unguarded one after one full fence: the floor of any guard) too, so that
     * all three figures come from JVMs alike. An ioctl leaves 32 B of garbage and the worlds are a few
     * KB: a small heap, pre-touched in a quarter of the time at each of the group's fifteen JVM starts.
     */
    static final Group DRM = new Group("drm", true, Group.SMALL_HEAP_MB, List.of(
            Member.of("DrmBench.ioctlGuarded", 1),
            Member.of("DrmBench.ioctlFenced", 1),
            Member.of("DrmBench.ioctlUnguarded", 1)));

    /**
     * One campaign of {@link FuzzBench#STEPS} steps takes up to a few tenths of a second, and the
     * simulator is a lot of code for the JIT (busy 40–66% of every warm-up round of a quick run, so the
     * warm-up never counts as settled and always runs its 3 rounds): iterations 3 times as long, which
     * gives it the warm-up time it had before warm-up rounds timed one iteration (about 6 s).
     */
    static final Group FUZZ = new Group("fuzz", false, List.of(
            new Member("FuzzBench.fuzz", 1, null, null, 3, true, false, false)));

    static final List<Group> GROUPS = List.of(GATE, LIST_16, LIST_1024, LIST_DEBUG, RELEASE_ALL, RELEASE_ONE_BY_ONE, DRM, FUZZ);

    private Plan() {
    }

    private static Group listGroup(String n) {
        return new Group("list-" + n, false, List.of(
                Member.of("ListBench.addReleaseAll", "n", n),
                Member.of("ListBench.addReleaseAllConfined", "n", n),
                Member.of("ListBench.addActionReleaseAllConfined", "n", n),
                Member.of("ListBench.treiber", "n", n), // the floor of a thread-safe add
                Member.of("ListBench.closer", "n", n),
                Member.of("ListBench.closerReused", "n", n).onlyInFullRuns(),
                Member.of("ListBench.arrayDeque", "n", n)));
    }

    static Group group(String name) {
        for (Group g : GROUPS) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new IllegalArgumentException("plan: no JMH group named '" + name + "'; the groups are " + groupNames());
    }

    static List<String> groupNames() {
        List<String> names = new ArrayList<>();
        for (Group g : GROUPS) {
            names.add(g.name());
        }
        return names;
    }

    /** @return every part's name: the harnesses, then the JMH groups */
    static List<String> partNames() {
        List<String> names = new ArrayList<>(HARNESSES);
        names.addAll(groupNames());
        return names;
    }

    /**
     * The order a round measures a group's members in: forward in even rounds, backward in odd ones,
     * so a drift of the machine during a round favours no member on average.
     *
     * @param members the group's members
     * @param round   the round, from 0
     * @return the members in this round's order
     */
    static <T> List<T> roundOrder(List<T> members, int round) {
        List<T> order = new ArrayList<>(members);
        if (round % 2 == 1) {
            java.util.Collections.reverse(order);
        }
        return order;
    }
}
