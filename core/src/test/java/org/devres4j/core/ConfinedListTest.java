package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
 * The confinement rule of a confined {@link ResourceList}: every method, reads included, is refused on any
 * thread but the owner thread, with a {@link ListConfinementException} naming the owner, the owner thread
 * and the calling thread, and the refusal changes nothing. What the list hands out (handles, managed
 * values, shared references) stays usable from any thread. The list's other behaviour is the shared
 * list's: see the {@code Confined*Test} subclasses of the behaviour tests.
 */
class ConfinedListTest {

    private static final String FOREIGN = "foreign";

    /** A confined list holding one of every kind of entry, made on the test thread. */
    static final class Scope {
        final RunLog log = new RunLog();
        final ResourceList<Dev> list = ResourceList.confined(new Dev("dev0"), "dev0");
        final DataRelease<Dev, String> pair = (owner, d) -> log.record("pair " + d);
        final AtomicInteger frees = new AtomicInteger();
        final Handle a;
        final Group closedGroup;
        final Group openGroup;
        final Managed<String> value;
        final SharedResource<String> shared;

        Scope() {
            a = list.add("a", log.action("a"));
            list.addAction(log.action("c1")); // handle-less: one action chunk
            list.addAction(log.action("c2"));
            closedGroup = list.openGroup("g");
            list.add("b", log.action("b"));
            closedGroup.close();
            list.add("p", pair, "x");
            list.addNamed("n", log.action("n"));
            value = list.alloc("v", () -> "value", v -> log.record("v"));
            shared = list.addShared("s", "pixels", v -> frees.incrementAndGet());
            openGroup = list.openGroup("o");
        }
    }

    /** One public method of the list, called from the wrong thread. */
    record Call(String op, Consumer<Scope> call) {
        @Override
        public String toString() {
            return op;
        }
    }

    static Stream<Call> everyMethod() {
        Release<Dev> noop = o -> { };
        List<Call> c = new ArrayList<>();
        // adds
        c.add(new Call("add", s -> s.list.add(noop)));
        c.add(new Call("add", s -> s.list.add("x", noop)));
        c.add(new Call("add", s -> s.list.add("x", s.pair, "d")));
        c.add(new Call("addAction", s -> s.list.addAction(noop)));
        c.add(new Call("addOrReset", s -> s.list.addOrReset("x", s.log.action("x"))));
        c.add(new Call("addOrReset", s -> s.list.addOrReset("x", s.pair, "d")));
        c.add(new Call("addNamed", s -> s.list.addNamed("x", noop)));
        c.add(new Call("addShared", s -> s.list.addShared("x", "v", null)));
        c.add(new Call("alloc", s -> s.list.alloc("x", () -> "v")));
        c.add(new Call("alloc", s -> s.list.alloc("x", () -> "v", v -> { })));
        c.add(new Call("allocBytes", s -> s.list.allocBytes("x", 8)));
        c.add(new Call("allocArray", s -> s.list.allocArray("x", 2, 4)));
        // releases and removals
        c.add(new Call("release", s -> s.list.release(s.a)));
        c.add(new Call("remove", s -> s.list.remove(s.a)));
        c.add(new Call("release", s -> s.list.release(s.pair, "x")));
        c.add(new Call("remove", s -> s.list.remove(s.pair, "x")));
        c.add(new Call("releaseAll", s -> s.list.releaseAll("unbind")));
        c.add(new Call("releaseAllAndClose", s -> s.list.releaseAllAndClose("last put")));
        // groups, through the list and through the group
        c.add(new Call("openGroup", s -> s.list.openGroup()));
        c.add(new Call("openGroup", s -> s.list.openGroup("x")));
        c.add(new Call("closeGroup", s -> s.list.closeGroup("o")));
        c.add(new Call("closeGroup", s -> s.openGroup.close()));
        c.add(new Call("releaseGroup", s -> s.list.releaseGroup("g")));
        c.add(new Call("releaseGroup", s -> s.closedGroup.release()));
        c.add(new Call("removeGroup", s -> s.list.removeGroup("g")));
        c.add(new Call("removeGroup", s -> s.closedGroup.remove()));
        c.add(new Call("Group.isOpen", s -> s.openGroup.isOpen()));
        c.add(new Call("Group.isLive", s -> s.closedGroup.isLive()));
        // lookups
        c.add(new Call("find", s -> s.list.find(s.pair, "x")));
        c.add(new Call("findMatch", s -> s.list.findMatch(s.pair, d -> true)));
        c.add(new Call("findOrAdd", s -> s.list.findOrAdd("x", s.pair, "x", null)));
        c.add(new Call("removeMatch", s -> s.list.removeMatch(s.pair, null)));
        c.add(new Call("destroyMatch", s -> s.list.destroyMatch(s.pair, null)));
        c.add(new Call("releaseMatch", s -> s.list.releaseMatch(s.pair, null)));
        c.add(new Call("findNamed", s -> s.list.findNamed("n")));
        c.add(new Call("releaseNamed", s -> s.list.releaseNamed("n")));
        c.add(new Call("destroyNamed", s -> s.list.destroyNamed("n")));
        // reads
        c.add(new Call("contains", s -> s.list.contains(s.a)));
        c.add(new Call("size", s -> s.list.size()));
        c.add(new Call("size", s -> s.list.isEmpty()));
        c.add(new Call("names", s -> s.list.names()));
        c.add(new Call("isClosed", s -> s.list.isClosed()));
        c.add(new Call("leakReport", s -> s.list.leakReport()));
        return c.stream();
    }

    /** Runs {@code r} on a fresh thread named {@value #FOREIGN}; what it threw, or null. Bounded: fails after 10 s. */
    static Throwable onForeignThread(Runnable r) {
        FutureTask<Void> task = new FutureTask<>(r, null);
        new Thread(task, FOREIGN).start();
        try {
            task.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the foreign thread did not finish in 10 s", e);
        }
    }

    static String refusal(String op, String ownerName, String ownerThread, String caller) {
        return op + " on '" + ownerName + "' refused: the list is confined to its owner thread '" + ownerThread
                + "' and this call came from thread '" + caller + "' — every call to a confined list, reads included, is made"
                + " on the thread that created it; a list that several threads use is made with ResourceList.create";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMethod")
    void everyMethodFromAForeignThreadIsRefusedAndChangesNothing(Call call) {
        Scope s = new Scope();
        Fixtures.Snapshot before = Fixtures.snapshot(s.list);
        List<String> namesBefore = s.list.names();

        Throwable thrown = onForeignThread(() -> call.call().accept(s));

        assertThat(thrown).isExactlyInstanceOf(ListConfinementException.class).isInstanceOf(IllegalStateException.class)
                .hasMessage(refusal(call.op(), "dev0", Thread.currentThread().getName(), FOREIGN));
        assertThat(((ListConfinementException) thrown).ownerName()).isEqualTo("dev0");
        assertThat(Fixtures.snapshot(s.list)).as("the list reads as before, on its owner thread").isEqualTo(before);
        assertThat(s.list.names()).isEqualTo(namesBefore);
        assertThat(s.log.ran()).as("nothing ran").isEmpty();
        assertThat(s.frees).hasValue(0);
        // and the owner still releases everything, exactly once, newest first
        assertThat(s.list.releaseAll("unbind")).isEqualTo(8);
        assertThat(s.log.ran()).containsExactly("v", "n", "pair x", "b", "c2", "c1", "a");
        assertThat(s.frees).hasValue(1);
    }

    @Test
    void theListIsConfinedToTheThreadThatCallsCreateNotTheOneThatMadeTheBuilder() {
        ResourceList.Builder<Dev> builder = ResourceList.builder(new Dev("dev1"), "dev1").confined();
        List<ResourceList<Dev>> made = new ArrayList<>();
        assertThat(onForeignThread(() -> {
            ResourceList<Dev> l = builder.create();
            l.add("made there", o -> { });
            made.add(l);
        })).isNull();
        ResourceList<Dev> list = made.get(0);
        assertThatThrownBy(list::size).isExactlyInstanceOf(ListConfinementException.class)
                .hasMessage(refusal("size", "dev1", FOREIGN, Thread.currentThread().getName()));
        assertThat(list.toString()).isEqualTo("ResourceList of 'dev1' (confined to thread '" + FOREIGN + "')");
    }

    @Test
    void aSharedListFromTheSameBuilderIsNotConfined() {
        ResourceList.Builder<Dev> builder = ResourceList.builder(new Dev("dev1"), "dev1");
        ResourceList<Dev> shared = builder.create();
        RunLog log = new RunLog();
        assertThat(onForeignThread(() -> shared.add("there", log.action("there")))).isNull();
        assertThat(shared.releaseAll("unbind")).isEqualTo(1);
        assertThat(log.ran()).containsExactly("there");
    }

    @Test
    void whatTheListHandsOutStaysUsableFromAnyThread() {
        Scope s = new Scope();
        List<Object> seen = new ArrayList<>();
        assertThat(onForeignThread(() -> {
            seen.add(s.a.isLive());
            seen.add(s.a.name());
            seen.add(s.value.get());
            s.shared.get();
            seen.add(s.shared.value());
            seen.add(s.shared.count());
            s.shared.put();
            seen.add(s.list.ownerName());
            seen.add(s.list.owner());
            seen.add(s.list.toString());
        })).isNull();
        assertThat(seen).containsExactly(true, "a", "value", "pixels", 2, "dev0", new Dev("dev0"),
                "ResourceList of 'dev0' (confined to thread '" + Thread.currentThread().getName() + "')");
        assertThat(s.list.toString()).isEqualTo("ResourceList of 'dev0' (8 resources)");

        s.list.releaseAll("unbind");
        List<Object> after = new ArrayList<>();
        assertThat(onForeignThread(() -> {
            after.add(s.a.isLive());
            after.add(s.value.isLive());
        })).isNull();
        assertThat(after).as("a handle's racy snapshot, read from another thread after the release").containsExactly(false, false);
        assertThatThrownBy(() -> rethrow(onForeignThread(s.value::get))).isInstanceOf(UseAfterReleaseException.class);
    }

    @Test
    void threadsWithTheSameNameAreToldApartByTheirIds() {
        ResourceList<Dev> list = ResourceList.confined(new Dev("dev2"), "dev2");
        Thread owner = Thread.currentThread();
        Thread[] caller = new Thread[1];
        FutureTask<Void> task = new FutureTask<>(() -> list.names(), null);
        caller[0] = new Thread(task, owner.getName());
        caller[0].start();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> task.get(10, TimeUnit.SECONDS));
        assertThat(e.getCause()).isExactlyInstanceOf(ListConfinementException.class).hasMessage("names on 'dev2' refused: the list is"
                + " confined to its owner thread '" + owner.getName() + "' (id " + owner.getId() + ") and this call came from thread '"
                + owner.getName() + "' (id " + caller[0].getId() + ") — every call to a confined list, reads included, is made on the"
                + " thread that created it; a list that several threads use is made with ResourceList.create");
    }

    @Test
    void actionsRunOnTheOwnerThreadMayCallBackIntoTheList() {
        ResourceList<Dev> list = ResourceList.confined(new Dev("dev3"), "dev3");
        RunLog log = new RunLog();
        list.add("re-adds", owner -> list.add("late", log.action("late")));
        list.add("reads", owner -> log.record("size " + list.size()));
        assertThat(list.releaseAll("unbind")).isEqualTo(2);
        assertThat(log.ran()).containsExactly("size 0");
        assertThat(list.names()).as("an add during a release waits for the next one").containsExactly("late");
        assertThat(list.releaseAll("unbind")).isEqualTo(1);
        assertThat(log.ran()).containsExactly("size 0", "late");
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new AssertionError(t);
        }
    }
}
