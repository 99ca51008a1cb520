package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of core API misuse (issue 10; DESIGN.md invariant 9): every bad input — null, negative or
 * overflowing sizes, an unknown, foreign or released handle, a double release, group misuse, a closed
 * list, a taken name, refcount misuse, gate misuse, revocable misuse — in one table. Each row runs on a
 * fresh {@link World}, checks the exception's exact type and message, and checks that nothing changed:
 * every list, gate, count and revocable reads as before and no action ran (a row may name the actions a
 * refusal runs by contract, as {@code addOrReset} on a closed list does).
 */
class MisuseCatalogueTest {

    /** Everything a misuse could disturb, made fresh for each row. */
    static final class World {
        final RunLog log = new RunLog();
        final Dev dev0 = new Dev("dev0");
        final ResourceList<Dev> list = ResourceList.create(dev0, "dev0");
        final ResourceList<Dev> other = ResourceList.create(new Dev("dev1"), "dev1");
        final ResourceList<Dev> closed = ResourceList.create(new Dev("dev2"), "dev2");
        final ResourceList<Dev> confined = ResourceList.confined(new Dev("dev4"), "dev4"); // to the thread that runs the row
        final Handle confinedHandle;
        final Group confinedGroup;
        final DataRelease<Dev, String> pair = (owner, d) -> log.record("pair " + d);
        final Handle a;
        final Handle released;
        final Handle removed;
        final Handle foreign;
        final Handle foreignReleased;
        final Group foreignGroup;
        final Group gone;
        final SharedResource<String> freed;
        final AtomicInteger frees = new AtomicInteger();
        final Gate gate = Gate.create("card0");
        final Gate tracked = Gate.createTracked("card1");
        final RefCount ref = RefCount.create("ref", () -> { });
        final RefCount dead = RefCount.create("dead-ref", () -> { });
        final Revocable<String> rev = Revocable.create("regs", "value", v -> log.record("revoked regs"));
        final Revocable<String> revoked = Revocable.create("gone", "value", v -> { });

        World() {
            a = list.add("a", log.action("a"));
            Group g = list.openGroup("g");
            list.add("b", log.action("b"));
            g.close();
            list.add("p", pair, "x");
            list.addNamed("n", log.action("n"));
            released = list.add("r", log.action("r"));
            removed = list.add("m", log.action("m"));
            gone = list.openGroup("h");
            list.release(released);
            list.remove(removed);
            gone.release();
            foreign = other.add("f", log.action("f"));
            foreignGroup = other.openGroup("fg");
            foreignReleased = other.add("fr", log.action("fr"));
            other.release(foreignReleased);
            closed.add("c", log.action("c"));
            closed.releaseAllAndClose("last put");
            freed = list.addShared("fb", "pixels", v -> frees.incrementAndGet());
            list.remove(freed);
            dead.put();
            revoked.revoke();
            confinedHandle = confined.add("c", log.action("c"));
            confinedGroup = confined.openGroup("cg");
            confined.add("p", pair, "c");
            confined.addNamed("cn", log.action("cn"));
            confined.addAction(log.action("ca1")); // handle-less: an action chunk, which every refusal leaves as it was
            confined.addAction(log.action("ca2"));
            log.ran(); // what the set-up ran is part of the state, compared as it is
        }

        /** Everything observable but the run log, as one comparable value. */
        List<Object> state() {
            return List.of(Fixtures.snapshot(list), Fixtures.snapshot(other), Fixtures.snapshot(closed), Fixtures.snapshot(confined), confined.names(), frees.get(), freed.count(), gate.isShut(), gate.inside(), tracked.isShut(), tracked.inside(),
                    ref.count(), dead.count(), rev.isRevoked(), revoked.isRevoked(), foreignGroup.isOpen(), gone.isLive());
        }
    }

    /** One row: the misuse, the exact refusal, and the actions the refusal runs by contract (usually none). */
    record Misuse(String what, Class<? extends Throwable> type, String message, Consumer<World> bad, List<String> runs) {
        Misuse(String what, Class<? extends Throwable> type, String message, Consumer<World> bad) {
            this(what, type, message, bad, List.of());
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private static final Class<NullPointerException> NPE = NullPointerException.class;
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<IllegalStateException> ISE = IllegalStateException.class;
    private static final Class<ListClosedException> CLOSED = ListClosedException.class;
    private static final String NOT_ON_LIST = " — it was never added here, or it was already released or removed";
    private static final String NO_GROUP = " is on this list — it was never opened here, or it was already released or removed";
    private static final String TWICE = " was already released or removed — a resource is released at most once";
    private static final String CLOSED_FOR_GOOD = "' refused: the list was closed for good (last put) — nothing added now would ever be released";

    static Stream<Misuse> catalogue() {
        List<Misuse> m = new ArrayList<>();
        // ------------------------------------------------------------ null arguments of the list
        Release<Dev> noop = o -> { };
        m.add(new Misuse("add: null name", NPE, "add on 'dev0': the name must not be null", w -> w.list.add(null, noop)));
        m.add(new Misuse("add: null action", NPE, "add on 'dev0': the action must not be null", w -> w.list.add("x", (Release<Dev>) null)));
        m.add(new Misuse("add: null plain action", NPE, "add on 'dev0': the action must not be null", w -> w.list.add((Release<Dev>) null)));
        m.add(new Misuse("addAction: null action", NPE, "addAction on 'dev0': the action must not be null", w -> w.list.addAction(null)));
        m.add(new Misuse("addAction: null action, confined list", NPE, "addAction on 'dev4': the action must not be null",
                w -> w.confined.addAction(null)));
        m.add(new Misuse("add: null pair action", NPE, "add on 'dev0': the action must not be null",
                w -> w.list.add("x", (DataRelease<Dev, String>) null, "d")));
        m.add(new Misuse("addOrReset: null name", NPE, "addOrReset on 'dev0': the name must not be null", w -> w.list.addOrReset(null, noop)));
        m.add(new Misuse("addOrReset: null action", NPE, "addOrReset on 'dev0': the action must not be null",
                w -> w.list.addOrReset("x", (Release<Dev>) null)));
        m.add(new Misuse("addOrReset: null pair action", NPE, "addOrReset on 'dev0': the action must not be null",
                w -> w.list.addOrReset("x", (DataRelease<Dev, String>) null, "d")));
        m.add(new Misuse("remove: null handle", NPE, "remove on 'dev0': the handle must not be null", w -> w.list.remove((Handle) null)));
        m.add(new Misuse("release: null handle", NPE, "release on 'dev0': the handle must not be null", w -> w.list.release((Handle) null)));
        m.add(new Misuse("find: null action", NPE, "find on 'dev0': the action must not be null", w -> w.list.find(null, "x")));
        m.add(new Misuse("remove pair: null action", NPE, "remove on 'dev0': the action must not be null",
                w -> w.list.remove((DataRelease<Dev, String>) null, "x")));
        m.add(new Misuse("release pair: null action", NPE, "release on 'dev0': the action must not be null",
                w -> w.list.release((DataRelease<Dev, String>) null, "x")));
        m.add(new Misuse("findMatch: null action", NPE, "findMatch on 'dev0': the action must not be null", w -> w.list.findMatch(null, d -> true)));
        m.add(new Misuse("findOrAdd: null name", NPE, "findOrAdd on 'dev0': the name must not be null",
                w -> w.list.findOrAdd(null, w.pair, "d", null)));
        m.add(new Misuse("findOrAdd: null action", NPE, "findOrAdd on 'dev0': the action must not be null",
                w -> w.list.findOrAdd("x", null, "d", null)));
        m.add(new Misuse("removeMatch: null action", NPE, "removeMatch on 'dev0': the action must not be null",
                w -> w.list.removeMatch(null, null)));
        m.add(new Misuse("destroyMatch: null action", NPE, "destroyMatch on 'dev0': the action must not be null",
                w -> w.list.destroyMatch(null, null)));
        m.add(new Misuse("releaseMatch: null action", NPE, "releaseMatch on 'dev0': the action must not be null",
                w -> w.list.releaseMatch(null, null)));
        m.add(new Misuse("addNamed: null name", NPE, "addNamed on 'dev0': the name must not be null", w -> w.list.addNamed(null, noop)));
        m.add(new Misuse("addNamed: null action", NPE, "addNamed on 'dev0': the action must not be null", w -> w.list.addNamed("x", null)));
        m.add(new Misuse("findNamed: null name", NPE, "findNamed on 'dev0': the name must not be null", w -> w.list.findNamed(null)));
        m.add(new Misuse("releaseNamed: null name", NPE, "releaseNamed on 'dev0': the name must not be null", w -> w.list.releaseNamed(null)));
        m.add(new Misuse("destroyNamed: null name", NPE, "destroyNamed on 'dev0': the name must not be null", w -> w.list.destroyNamed(null)));
        m.add(new Misuse("addShared: null name", NPE, "addShared on 'dev0': the name must not be null", w -> w.list.addShared(null, "v", null)));
        m.add(new Misuse("addShared: null value", NPE, "addShared on 'dev0': the value must not be null", w -> w.list.addShared("x", null, null)));
        m.add(new Misuse("alloc: null name", NPE, "alloc on 'dev0': the name must not be null", w -> w.list.alloc(null, () -> 1)));
        m.add(new Misuse("alloc: null supplier", NPE, "alloc on 'dev0': the supplier must not be null", w -> w.list.alloc("v", null)));
        m.add(new Misuse("allocBytes: null name", NPE, "allocBytes on 'dev0': the name must not be null", w -> w.list.allocBytes(null, 8)));
        m.add(new Misuse("allocArray: null name", NPE, "allocArray on 'dev0': the name must not be null", w -> w.list.allocArray(null, 1, 1)));
        m.add(new Misuse("releaseAll: null reason", NPE, "releaseAll on 'dev0': the reason must not be null", w -> w.list.releaseAll(null)));
        m.add(new Misuse("releaseAllAndClose: null reason", NPE, "releaseAllAndClose on 'dev0': the reason must not be null",
                w -> w.list.releaseAllAndClose(null)));
        // ------------------------------------------------------------ null arguments of the factories
        m.add(new Misuse("ResourceList.create: null owner", NPE, "ResourceList.create: the owner must not be null",
                w -> ResourceList.create(null, "x")));
        m.add(new Misuse("ResourceList.create: null owner name", NPE, "ResourceList.create: the owner name must not be null",
                w -> ResourceList.create(new Dev("x"), null)));
        m.add(new Misuse("ResourceList.builder: null owner", NPE, "ResourceList.create: the owner must not be null",
                w -> ResourceList.builder(null, "x")));
        m.add(new Misuse("Release.named: null name", NPE, "Release.named: the name must not be null", w -> Release.named(null, noop)));
        m.add(new Misuse("Release.named: null action", NPE, "Release.named: the action must not be null", w -> Release.named("x", null)));
        m.add(new Misuse("Tracing.addListener: null", NPE, "Tracing.addListener: the listener must not be null", w -> Tracing.addListener(null)));
        m.add(new Misuse("Gate.create: null name", NPE, "Gate.create: the name must not be null", w -> Gate.create(null)));
        m.add(new Misuse("Gate.createTracked: null name", NPE, "Gate.create: the name must not be null", w -> Gate.createTracked(null)));
        m.add(new Misuse("RefCount.create: null name", NPE, "RefCount.create: the name must not be null", w -> RefCount.create(null, () -> { })));
        m.add(new Misuse("RefCount.create: null release", NPE, "RefCount.create: the release callback of 'x' must not be null",
                w -> RefCount.create("x", null)));
        m.add(new Misuse("Revocable.create: null name", NPE, "Revocable.create: the name must not be null",
                w -> Revocable.create(null, "v", null)));
        m.add(new Misuse("Revocable.create: null value", NPE, "Revocable.create: the value of 'r' must not be null",
                w -> Revocable.create("r", null, null)));
        // ------------------------------------------------------------ sizes
        String oneByte = " refused — a managed buffer must be at least 1 byte (a zero-size allocation has nothing to manage)";
        m.add(new Misuse("allocBytes: size 0", IAE, "allocBytes('buf') on 'dev0': size 0" + oneByte, w -> w.list.allocBytes("buf", 0)));
        m.add(new Misuse("allocBytes: negative size", IAE, "allocBytes('buf') on 'dev0': size -5" + oneByte, w -> w.list.allocBytes("buf", -5)));
        m.add(new Misuse("allocBytes: most negative size", IAE, "allocBytes('buf') on 'dev0': size " + Long.MIN_VALUE + oneByte,
                w -> w.list.allocBytes("buf", Long.MIN_VALUE)));
        m.add(new Misuse("allocBytes: too large", IAE, "allocBytes('buf') on 'dev0': size 2147483640 exceeds the largest buffer, 2147483639 bytes",
                w -> w.list.allocBytes("buf", ResourceList.MAX_BUFFER + 1)));
        m.add(new Misuse("allocBytes: largest long", IAE, "allocBytes('buf') on 'dev0': size " + Long.MAX_VALUE
                + " exceeds the largest buffer, 2147483639 bytes", w -> w.list.allocBytes("buf", Long.MAX_VALUE)));
        m.add(new Misuse("allocArray: count 0", IAE, "allocArray('arr') on 'dev0': count 0 and element size 8 must both be at least 1",
                w -> w.list.allocArray("arr", 0, 8)));
        m.add(new Misuse("allocArray: negative element size", IAE,
                "allocArray('arr') on 'dev0': count 4 and element size -1 must both be at least 1", w -> w.list.allocArray("arr", 4, -1)));
        m.add(new Misuse("allocArray: overflowing product", IAE, "allocArray('arr') on 'dev0': " + Long.MAX_VALUE / 2
                + " × 3 bytes overflows (the kmalloc_array overflow check)", w -> w.list.allocArray("arr", Long.MAX_VALUE / 2, 3)));
        m.add(new Misuse("allocArray: product over the largest buffer", IAE,
                "allocArray('arr') on 'dev0': 1048576 × 4096 = 4294967296 bytes exceeds the largest buffer, 2147483639 bytes",
                w -> w.list.allocArray("arr", 1L << 20, 1L << 12)));
        // ------------------------------------------------------------ handles
        String foreign = " is not on this list — it belongs to another owner ('dev1'); remove or release it on the list it was added to";
        m.add(new Misuse("remove: another owner's handle", IAE, "remove on 'dev0': action 'f'" + foreign, w -> w.list.remove(w.foreign)));
        m.add(new Misuse("release: another owner's handle", IAE, "release on 'dev0': action 'f'" + foreign, w -> w.list.release(w.foreign)));
        m.add(new Misuse("remove: another owner's released handle", IAE, "remove on 'dev0': action 'fr'" + foreign,
                w -> w.list.remove(w.foreignReleased)));
        m.add(new Misuse("release: a handle released on its own list", ISE, "release on 'dev1': action 'fr'" + TWICE,
                w -> w.other.release(w.foreignReleased)));
        m.add(new Misuse("release: a handle no list made", IAE, "release on 'dev0': fake handle is not a handle that a resource list returned",
                w -> w.list.release(new FakeHandle())));
        m.add(new Misuse("remove: a handle no list made", IAE, "remove on 'dev0': fake handle is not a handle that a resource list returned",
                w -> w.list.remove(new FakeHandle())));
        m.add(new Misuse("release twice", ISE, "release on 'dev0': action 'r'" + TWICE, w -> w.list.release(w.released)));
        m.add(new Misuse("remove after release", ISE, "remove on 'dev0': action 'r'" + TWICE, w -> w.list.remove(w.released)));
        m.add(new Misuse("release after remove", ISE, "release on 'dev0': action 'm'" + TWICE, w -> w.list.release(w.removed)));
        m.add(new Misuse("remove twice", ISE, "remove on 'dev0': action 'm'" + TWICE, w -> w.list.remove(w.removed)));
        m.add(new Misuse("remove: a pair never added", IAE, "remove on 'dev0': no action with this (action, data = y) pair is on the list"
                + NOT_ON_LIST, w -> w.list.remove(w.pair, "y")));
        m.add(new Misuse("release: a pair with another action", IAE, "release on 'dev0': no action with this (action, data = x) pair is on"
                + " the list" + NOT_ON_LIST, w -> w.list.release((o, d) -> { }, "x")));
        // ------------------------------------------------------------ groups
        m.add(new Misuse("releaseGroup: unknown id", IAE, "releaseGroup on 'dev0': no group with id 'nope'" + NO_GROUP,
                w -> w.list.releaseGroup("nope")));
        m.add(new Misuse("closeGroup: unknown id", IAE, "closeGroup on 'dev0': no group with id 'nope'" + NO_GROUP, w -> w.list.closeGroup("nope")));
        m.add(new Misuse("removeGroup: unknown id", IAE, "removeGroup on 'dev0': no group with id 'nope'" + NO_GROUP,
                w -> w.list.removeGroup("nope")));
        m.add(new Misuse("closeGroup: no open group", IAE, "closeGroup on 'dev0': no open group" + NO_GROUP, w -> w.list.closeGroup(null)));
        m.add(new Misuse("releaseGroup: no open group", IAE, "releaseGroup on 'dev0': no open group" + NO_GROUP, w -> w.list.releaseGroup(null)));
        m.add(new Misuse("closeGroup twice", ISE, "closeGroup on 'dev0': group g is already closed — a group is closed once",
                w -> w.list.closeGroup("g")));
        m.add(new Misuse("release a released group", IAE, "releaseGroup on 'dev0': no group h" + NO_GROUP, w -> w.gone.release()));
        m.add(new Misuse("close a released group", IAE, "closeGroup on 'dev0': no group h" + NO_GROUP, w -> w.gone.close()));
        m.add(new Misuse("remove a released group", IAE, "removeGroup on 'dev0': no group h" + NO_GROUP, w -> w.gone.remove()));
        m.add(new Misuse("releaseGroup: another owner's group", IAE, "releaseGroup on 'dev0': no group fg" + NO_GROUP,
                w -> w.list.releaseGroup(w.foreignGroup)));
        // ------------------------------------------------------------ a list closed for good
        m.add(new Misuse("add to a closed list", CLOSED, "add of 'x' to 'dev2" + CLOSED_FOR_GOOD, w -> w.closed.add("x", noop)));
        m.add(new Misuse("plain add to a closed list", CLOSED, "add of 'y' to 'dev2" + CLOSED_FOR_GOOD,
                w -> w.closed.add(Release.named("y", noop))));
        m.add(new Misuse("handle-less add to a closed list", CLOSED, "add of 'z' to 'dev2" + CLOSED_FOR_GOOD,
                w -> w.closed.addAction(Release.named("z", noop))));
        m.add(new Misuse("pair add to a closed list", CLOSED, "add of 'p' to 'dev2" + CLOSED_FOR_GOOD, w -> w.closed.add("p", w.pair, "d")));
        m.add(new Misuse("alloc on a closed list (the supplier is not called)", CLOSED, "alloc of 'v' to 'dev2" + CLOSED_FOR_GOOD,
                w -> w.closed.alloc("v", () -> {
                    throw new AssertionError("the supplier ran");
                })));
        m.add(new Misuse("allocBytes on a closed list", CLOSED, "alloc of 'buf' to 'dev2" + CLOSED_FOR_GOOD, w -> w.closed.allocBytes("buf", 8)));
        m.add(new Misuse("openGroup on a closed list", CLOSED, "openGroup of group g2 on 'dev2" + CLOSED_FOR_GOOD,
                w -> w.closed.openGroup("g2")));
        m.add(new Misuse("addNamed on a closed list", CLOSED, "add of 'n' to 'dev2" + CLOSED_FOR_GOOD, w -> w.closed.addNamed("n", noop)));
        m.add(new Misuse("addShared on a closed list", CLOSED, "add of 's' to 'dev2" + CLOSED_FOR_GOOD, w -> w.closed.addShared("s", "v", null)));
        m.add(new Misuse("findOrAdd on a closed list", CLOSED, "add of 'k' to 'dev2" + CLOSED_FOR_GOOD,
                w -> w.closed.findOrAdd("k", w.pair, "d", null)));
        m.add(new Misuse("addOrReset on a closed list (the action runs at once)", CLOSED, "add of 'late' to 'dev2" + CLOSED_FOR_GOOD,
                w -> w.closed.addOrReset("late", w.log.action("late")), List.of("late")));
        m.add(new Misuse("close a closed list again", ISE, "releaseAllAndClose on 'dev2': the list was already closed (last put)"
                + " — an owner's final release happens once", w -> w.closed.releaseAllAndClose("again")));
        // ------------------------------------------------------------ named and shared resources
        m.add(new Misuse("addNamed: a taken name", ResourceExistsException.class, "addNamed of 'n' to 'dev0' refused: a named resource 'n'"
                + " is already on the list (EEXIST) — a name is held by one named resource at a time; release or destroy the one there first",
                w -> w.list.addNamed("n", noop)));
        m.add(new Misuse("value of a freed shared resource", UseAfterFreeException.class, "value of shared resource 'fb' of 'dev0' refused:"
                + " its last reference was dropped and it was freed — take a reference with get() while you use it, and put() it when done",
                w -> w.freed.value()));
        m.add(new Misuse("get on a freed shared resource", IllegalReferenceCountException.class, "get on shared resource 'fb' of 'dev0'"
                + " refused: its count already reached 0 and it was freed — a freed resource cannot be revived", w -> w.freed.get()));
        m.add(new Misuse("put on a freed shared resource", IllegalReferenceCountException.class, "put on shared resource 'fb' of 'dev0'"
                + " refused: its count is already 0 — a reference can only be dropped once (count stays 0)", w -> w.freed.put()));
        // ------------------------------------------------------------ refcounts
        m.add(new Misuse("put below zero", IllegalReferenceCountException.class, "put on 'dead-ref' refused: its count is already 0"
                + " — a reference can only be dropped once (count stays 0)", w -> w.dead.put()));
        m.add(new Misuse("get on a dead count", IllegalReferenceCountException.class, "get on 'dead-ref' refused: its count already reached 0"
                + " and it was released — a dead object cannot be revived", w -> w.dead.get()));
        // ------------------------------------------------------------ gates
        m.add(new Misuse("exit with a refused token", IAE, "exit on gate 'card0': token -1 was not returned by tryEnter (a refused enter"
                + " has nothing to exit)", w -> w.gate.exit(Gate.REFUSED)));
        m.add(new Misuse("exit with a made-up token", IAE, "exit on gate 'card0': token 99 was not returned by tryEnter (a refused enter"
                + " has nothing to exit)", w -> w.gate.exit(99)));
        m.add(new Misuse("exit without an enter", ISE, "exit on gate 'card0': no section is inside on token 0 — every exit needs a matching"
                + " successful enter", w -> w.gate.exit(0)));
        m.add(new Misuse("close a section twice", ISE, "close of a section of gate 'card0' refused: it was already closed — a section is"
                + " exited once", w -> {
                    Gate.Section s = w.gate.enter();
                    s.close();
                    s.close();
                }));
        m.add(new Misuse("exit a tracked gate's section on another thread", ISE, "exit on gate 'card1' refused: the calling thread holds"
                + " none of its sections — a section of a tracked gate is exited on the thread that entered it", w -> {
                    int token = w.tracked.tryEnter();
                    try {
                        rethrow(onAnotherThread(() -> w.tracked.exit(token)));
                    } finally {
                        w.tracked.exit(token);
                    }
                }));
        m.add(new Misuse("shut a tracked gate from inside its own section", ISE, "shut of gate 'card1' refused: the calling thread is inside"
                + " 1 of its section(s) and would wait for itself for ever; exit first (the gate is unchanged)", w -> {
                    try (Gate.Section s = w.tracked.enter()) {
                        w.tracked.shut();
                    }
                }));
        m.add(new Misuse("per-thread count of a plain gate", UnsupportedOperationException.class, "gate 'card0' does not count sections per"
                + " thread; create it with Gate.createTracked", w -> w.gate.heldByCurrentThread()));
        m.add(new Misuse("shut: null timeout", NPE, "shut on gate 'card0': the timeout must not be null", w -> w.gate.shut(null)));
        m.add(new Misuse("shutInterruptibly: null timeout", NPE, "shutInterruptibly on gate 'card0': the timeout must not be null",
                w -> {
                    try {
                        w.gate.shutInterruptibly(null);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }));
        // ------------------------------------------------------------ revocables
        m.add(new Misuse("run: null action", NPE, "run on revocable 'regs': the action must not be null", w -> w.rev.run(null)));
        m.add(new Misuse("apply: null function", NPE, "apply on revocable 'regs': the function must not be null", w -> w.rev.apply(null)));
        m.add(new Misuse("revoke: null timeout", NPE, "revoke of 'regs': the timeout must not be null", w -> w.rev.revoke((Duration) null)));
        m.add(new Misuse("get through an access of a revoked value", ISE, "access to revocable 'gone': it was revoked (or this access was"
                + " closed)", w -> w.revoked.access().get()));
        m.add(new Misuse("revoke from inside its own access", ISE, "revoke of revocable 'regs' refused: the calling thread is inside 1 of its"
                + " access(es) and would wait for itself for ever; finish the access first (nothing changed)", w -> {
                    try (Revocable.Access<String> access = w.rev.access()) {
                        w.rev.revoke();
                    }
                }));
        // ------------------------------------------------------------ a confined list called from another thread
        String owner = Thread.currentThread().getName(); // the rows run on the thread that lists them, which makes each World
        java.util.function.Function<String, String> confinedTo = op -> op + " on 'dev4' refused: the list is confined to its owner"
                + " thread '" + owner + "' and this call came from thread 'elsewhere' — every call to a confined list, reads included,"
                + " is made on the thread that created it; a list that several threads use is made with ResourceList.create";
        Class<ListConfinementException> wrongThread = ListConfinementException.class;
        m.add(new Misuse("add to a confined list from another thread", wrongThread, confinedTo.apply("add"),
                w -> rethrow(onAnotherThread(() -> w.confined.add("x", w.log.action("x"))))));
        m.add(new Misuse("addAction to a confined list from another thread", wrongThread, confinedTo.apply("addAction"),
                w -> rethrow(onAnotherThread(() -> w.confined.addAction(w.log.action("x"))))));
        m.add(new Misuse("addOrReset on a confined list from another thread (the action does not run)", wrongThread,
                confinedTo.apply("addOrReset"), w -> rethrow(onAnotherThread(() -> w.confined.addOrReset("x", w.log.action("x"))))));
        m.add(new Misuse("release on a confined list from another thread", wrongThread, confinedTo.apply("release"),
                w -> rethrow(onAnotherThread(() -> w.confined.release(w.confinedHandle)))));
        m.add(new Misuse("remove on a confined list from another thread", wrongThread, confinedTo.apply("remove"),
                w -> rethrow(onAnotherThread(() -> w.confined.remove(w.confinedHandle)))));
        m.add(new Misuse("releaseAll of a confined list from another thread", wrongThread, confinedTo.apply("releaseAll"),
                w -> rethrow(onAnotherThread(() -> w.confined.releaseAll("unbind")))));
        m.add(new Misuse("releaseAllAndClose of a confined list from another thread", wrongThread, confinedTo.apply("releaseAllAndClose"),
                w -> rethrow(onAnotherThread(() -> w.confined.releaseAllAndClose("last put")))));
        m.add(new Misuse("openGroup on a confined list from another thread", wrongThread, confinedTo.apply("openGroup"),
                w -> rethrow(onAnotherThread(() -> w.confined.openGroup("x")))));
        m.add(new Misuse("release a confined list's group from another thread", wrongThread, confinedTo.apply("releaseGroup"),
                w -> rethrow(onAnotherThread(() -> w.confinedGroup.release()))));
        m.add(new Misuse("findMatch on a confined list from another thread", wrongThread, confinedTo.apply("findMatch"),
                w -> rethrow(onAnotherThread(() -> w.confined.findMatch(w.pair, d -> true)))));
        m.add(new Misuse("releaseNamed on a confined list from another thread", wrongThread, confinedTo.apply("releaseNamed"),
                w -> rethrow(onAnotherThread(() -> w.confined.releaseNamed("cn")))));
        m.add(new Misuse("contains on a confined list from another thread", wrongThread, confinedTo.apply("contains"),
                w -> rethrow(onAnotherThread(() -> w.confined.contains(w.confinedHandle)))));
        m.add(new Misuse("size of a confined list from another thread", wrongThread, confinedTo.apply("size"),
                w -> rethrow(onAnotherThread(() -> w.confined.size()))));
        m.add(new Misuse("names of a confined list from another thread", wrongThread, confinedTo.apply("names"),
                w -> rethrow(onAnotherThread(() -> w.confined.names()))));
        m.add(new Misuse("leakReport of a confined list from another thread", wrongThread, confinedTo.apply("leakReport"),
                w -> rethrow(onAnotherThread(() -> w.confined.leakReport()))));
        m.add(new Misuse("alloc on a confined list from another thread (the supplier is not called)", wrongThread, confinedTo.apply("alloc"),
                w -> rethrow(onAnotherThread(() -> w.confined.alloc("v", () -> {
                    throw new AssertionError("the supplier ran");
                })))));
        return m.stream();
    }

    /** A handle that no list made. */
    static final class FakeHandle implements Handle {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public String toString() {
            return "fake handle";
        }
    }

    private static Throwable onAnotherThread(Runnable r) {
        FutureTask<Void> task = new FutureTask<>(r, null);
        Thread t = new Thread(task, "elsewhere");
        t.start();
        try {
            task.get(10, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new AssertionError(t);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void everyMisuseIsRefusedWithItsRuleAndChangesNothing(Misuse misuse) {
        World w = new World();
        List<Object> before = w.state();
        List<String> ranBefore = w.log.ran();
        assertThatThrownBy(() -> misuse.bad().accept(w)).isExactlyInstanceOf(misuse.type()).hasMessage(misuse.message());
        List<String> expectedRan = new ArrayList<>(ranBefore);
        expectedRan.addAll(misuse.runs());
        assertThat(w.log.ran()).as("only what the refusal runs by contract ran").isEqualTo(expectedRan);
        assertThat(w.state()).as("every list, gate, count and revocable reads as before").isEqualTo(before);
        ListInvariants.check(w.list, misuse.what());
    }

    @Test
    void aDoubleReleaseOnAListenedListNamesTheRegistrationNumber() {
        RunLog log = new RunLog();
        ResourceList<Dev> traced = ResourceList.create(new Dev("dev3"), "dev3", e -> { });
        traced.add("x", log.action("x"));
        Handle y = traced.add("y", log.action("y"));
        traced.release(y);
        List<LeakReport.Entry> before = traced.leakReport().entries();
        assertThatThrownBy(() -> traced.release(y)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("release on 'dev3': action 'y' (#2)" + TWICE);
        assertThat(traced.leakReport().entries()).isEqualTo(before);
        assertThat(log.ran()).containsExactly("y");
    }

    @Test
    void theCatalogueCoversEveryKindOfMisuse() {
        List<Misuse> all = catalogue().toList();
        System.out.println("MisuseCatalogueTest: " + all.size() + " core API misuses catalogued");
        assertThat(all).hasSizeGreaterThanOrEqualTo(100);
        assertThat(all).extracting(Misuse::what).doesNotHaveDuplicates();
    }
}
