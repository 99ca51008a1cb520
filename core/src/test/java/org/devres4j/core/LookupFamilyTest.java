package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, core part: the devres lookup family by match ({@code devres_find}, {@code devres_get},
 * {@code devres_remove}, {@code devres_destroy}, {@code devres_release}), KUnit's named resources and
 * shared (reference-counted) resources — each as the kernel documents it, with its bad inputs.
 */
class LookupFamilyTest {

    /** A clock as a driver would hold one: found again by its rate. */
    record Clock(String name, int rate) {
    }

    private final RunLog log = new RunLog();
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
    @RegisterExtension
    final ListInvariants invariants = new ListInvariants();
    private final ResourceList<Dev> list = invariants.track(kind().create(new Dev("dev0"), "dev0", events::add));

    /** @return the kind of list these tests run against; a subclass runs them against the other kind */
    ListKind kind() {
        return ListKind.SHARED;
    }
    private final DataRelease<Dev, Clock> disable = (owner, clk) -> log.record("disable " + clk.name());
    private final DataRelease<Dev, Clock> other = (owner, clk) -> log.record("other " + clk.name());

    private List<String> verbs() {
        synchronized (events) {
            return events.stream().map(e -> e.verb() + " " + e.name() + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")"))
                    .toList();
        }
    }

    @Nested
    class ByMatch {
        @Test
        void findMatchReturnsTheNewestMatchingDataOfThatActionAndLeavesItOnTheList() {
            Clock a = new Clock("a", 100);
            Clock b = new Clock("b", 200);
            Clock c = new Clock("c", 100);
            list.add("clk a", disable, a);
            list.add("clk b", disable, b);
            list.add("clk c", other, c); // another action: never found through `disable`
            assertThat(list.findMatch(disable, clk -> clk.rate() == 100)).containsSame(a);
            assertThat(list.findMatch(disable, clk -> clk.rate() == 300)).isEmpty();
            assertThat(list.findMatch(disable, null)).as("a null match accepts any: the newest").containsSame(b);
            assertThat(list.findMatch(other, null)).containsSame(c);
            assertThat(list.size()).isEqualTo(3);
            assertThat(log.ran()).isEmpty();
        }

        @Test
        void findOrAddAddsOnlyWhenNothingMatches() {
            Clock first = new Clock("first", 100);
            assertThat(list.findOrAdd("clk", disable, first, clk -> clk.rate() == 100)).isSameAs(first);
            Clock second = new Clock("second", 100);
            assertThat(list.findOrAdd("clk", disable, second, clk -> clk.rate() == 100))
                    .as("devres_get: the existing one comes back, the new one is not used").isSameAs(first);
            Clock fast = new Clock("fast", 400);
            assertThat(list.findOrAdd("clk", disable, fast, clk -> clk.rate() == 400)).isSameAs(fast);
            assertThat(list.names()).containsExactly("clk", "clk");
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("disable fast", "disable first");
        }

        @Test
        void removeMatchHandsTheDataBackWithoutRunningIt() {
            Clock a = new Clock("a", 100);
            Handle h = list.add("clk a", disable, a);
            Optional<Clock> back = list.removeMatch(disable, clk -> clk.name().equals("a"));
            assertThat(back).containsSame(a);
            assertThat(list.contains(h)).isFalse();
            assertThat(list.removeMatch(disable, clk -> true)).as("nothing left").isEmpty();
            list.releaseAll("unbind");
            assertThat(log.ran()).as("the caller owns it now: the list never runs it").isEmpty();
            assertThat(verbs()).contains("DEL clk a (handed back to the caller)");
            assertThatThrownBy(() -> list.release(h)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("release on 'dev0': action 'clk a' (#1) was already released or removed"
                            + " — a resource is released at most once");
        }

        @Test
        void destroyMatchDropsWithoutRunningAndSaysWhetherItFoundOne() {
            list.add("clk a", disable, new Clock("a", 100));
            list.add("clk b", disable, new Clock("b", 200));
            assertThat(list.destroyMatch(disable, clk -> clk.rate() == 200)).isTrue();
            assertThat(list.destroyMatch(disable, clk -> clk.rate() == 200)).as("-ENOENT").isFalse();
            assertThat(list.names()).containsExactly("clk a");
            assertThat(log.ran()).isEmpty();
            assertThat(verbs()).contains("DEL clk b (destroyed)");
        }

        @Test
        void releaseMatchRunsTheActionNowWithItsData() {
            list.add("clk a", disable, new Clock("a", 100));
            list.add("clk b", disable, new Clock("b", 100));
            assertThat(list.releaseMatch(disable, clk -> clk.rate() == 100)).isTrue();
            assertThat(log.ran()).as("the newest match").containsExactly("disable b");
            assertThat(list.releaseMatch(disable, clk -> clk.rate() == 999)).isFalse();
            assertThat(list.names()).containsExactly("clk a");
        }

        @Test
        void aFailingActionReleasedByMatchIsReportedAndGoneAllTheSame() {
            DataRelease<Dev, Clock> failing = (owner, clk) -> {
                throw new IllegalStateException("clock stuck");
            };
            list.add("clk", failing, new Clock("a", 1));
            assertThatThrownBy(() -> list.releaseMatch(failing, null)).isInstanceOf(ReleaseFailedException.class)
                    .hasMessageContaining("clock stuck").hasMessageContaining("releaseMatch of 'clk'");
            assertThat(list.isEmpty()).isTrue();
        }

        @Test
        void theMatchFunctionRunsOutsideTheListLock() throws Exception {
            assumeTrue(kind() == ListKind.SHARED, "crosses threads: a confined list refuses the other thread (ConfinedListTest)");
            ExecutorService elsewhere = Executors.newSingleThreadExecutor();
            try {
                list.add("clk a", disable, new Clock("a", 100));
                // a match that asks the list something from another thread would wait for ever under the lock
                assertThat(list.findMatch(disable, clk -> {
                    try {
                        return elsewhere.submit(list::size).get(5, TimeUnit.SECONDS) == 1;
                    } catch (Exception e) {
                        throw new AssertionError("the match ran under the list lock", e);
                    }
                })).isPresent();
                assertThat(list.releaseMatch(disable, clk -> {
                    try {
                        return elsewhere.submit(list::size).get(5, TimeUnit.SECONDS) == 1;
                    } catch (Exception e) {
                        throw new AssertionError("the match ran under the list lock", e);
                    }
                })).isTrue();
            } finally {
                elsewhere.shutdownNow();
            }
        }

        /**
         * Runs {@code lookup} on another thread with a match function that stops on its first call (a
         * resource that never matches) until {@code meanwhile} has run here: the list changes between the
         * lookup's read and its act.
         */
        private <T> T raced(java.util.function.Function<java.util.function.Predicate<Clock>, T> lookup, Runnable meanwhile,
                java.util.function.Predicate<Clock> wanted) throws Exception {
            assumeTrue(kind() == ListKind.SHARED, "crosses threads: a confined list refuses the other thread (ConfinedListTest)");
            java.util.concurrent.CountDownLatch inMatch = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
            java.util.function.Predicate<Clock> match = clk -> {
                if (clk.name().equals("blocker")) {
                    inMatch.countDown();
                    try {
                        assertThat(goOn.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return false;
                }
                return wanted.test(clk);
            };
            list.add("blocker", disable, new Clock("blocker", -1));
            java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(() -> lookup.apply(match));
            Thread t = new Thread(task, "lookup");
            t.start();
            assertThat(inMatch.await(10, TimeUnit.SECONDS)).isTrue();
            meanwhile.run();
            goOn.countDown();
            return task.get(10, TimeUnit.SECONDS);
        }

        @Test
        @Timeout(30)
        void aFindOrAddRacedByAnotherFindsTheOthersInsteadOfAddingTwice() throws Exception {
            Clock mine = new Clock("mine", 100);
            Clock theirs = new Clock("theirs", 100);
            Clock got = raced(match -> list.findOrAdd("clk", disable, mine, match),
                    () -> assertThat(list.findOrAdd("clk", disable, theirs, clk -> clk.rate() == 100)).isSameAs(theirs),
                    clk -> clk.rate() == 100);
            assertThat(got).as("devres_get is atomic: the racing add is found, not duplicated").isSameAs(theirs);
            assertThat(list.names()).containsExactly("blocker", "clk");
        }

        @Test
        @Timeout(30)
        void aRemoveMatchRacedByANewerMatchTakesTheNewest() throws Exception {
            Clock old = new Clock("old", 100);
            list.add("old", disable, old);
            Clock newer = new Clock("newer", 100);
            Optional<Clock> got = raced(match -> list.removeMatch(disable, match),
                    () -> list.add("newer", disable, newer), clk -> clk.rate() == 100);
            assertThat(got).containsSame(newer);
            assertThat(list.findMatch(disable, clk -> clk.rate() == 100)).containsSame(old);
        }

        @Test
        @Timeout(30)
        void aReleaseMatchWhoseChoiceWasRemovedMeanwhileLooksAgain() throws Exception {
            Clock a = new Clock("a", 100);
            list.add("a", disable, a);
            boolean released = raced(match -> list.releaseMatch(disable, match),
                    () -> assertThat(list.removeMatch(disable, clk -> clk == a)).containsSame(a), clk -> clk.rate() == 100);
            assertThat(released).as("its choice went meanwhile, and nothing else matches").isFalse();
            assertThat(log.ran()).isEmpty();
        }

        @Test
        void aMatchFunctionThatThrowsChangesNothing() {
            list.add("clk a", disable, new Clock("a", 100));
            assertThatThrownBy(() -> list.releaseMatch(disable, clk -> {
                throw new IllegalArgumentException("bad match");
            })).hasMessage("bad match");
            assertThat(list.names()).containsExactly("clk a");
            assertThat(log.ran()).isEmpty();
        }

        @Test
        void findOrAddOnAClosedListIsRefusedWhenItWouldAdd() {
            list.releaseAllAndClose("last put");
            assertThatThrownBy(() -> list.findOrAdd("clk", disable, new Clock("a", 1), null))
                    .isInstanceOf(ListClosedException.class)
                    .hasMessage("add of 'clk' to 'dev0' refused: the list was closed for good (last put)"
                            + " — nothing added now would ever be released");
        }

        @Test
        void findOrAddAsksTheAdmissionPolicyOnlyWhenItWouldAdd() {
            List<String> asked = new ArrayList<>();
            ResourceList<Dev> strict = kind().builder(new Dev("dev1"), "dev1").admission((Dev owner, String op) -> {
                asked.add(op);
                return asked.size() > 1 ? new IllegalStateException(op + " refused: not bound") : null;
            }).create();
            Clock a = new Clock("a", 1);
            assertThat(strict.findOrAdd("clk", disable, a, null)).isSameAs(a);
            assertThat(strict.findOrAdd("clk", disable, new Clock("b", 1), null)).as("found: no add, no question").isSameAs(a);
            assertThatThrownBy(() -> strict.findOrAdd("clk2", other, new Clock("c", 1), null))
                    .hasMessage("findOrAdd of 'clk2' refused: not bound");
            assertThat(asked).containsExactly("findOrAdd of 'clk'", "findOrAdd of 'clk2'");
            assertThat(strict.size()).isEqualTo(1);
        }
    }

    @Nested
    class Named {
        @Test
        void aSecondNamedResourceOfOneNameIsRefusedWithEexist() {
            Handle irq = list.addNamed("irq", log.action("irq"));
            ResourceExistsException e = org.junit.jupiter.api.Assertions.assertThrows(ResourceExistsException.class,
                    () -> list.addNamed("irq", log.action("irq again")));
            assertThat(e).hasMessage("addNamed of 'irq' to 'dev0' refused: a named resource 'irq' is already on the list"
                    + " (EEXIST) — a name is held by one named resource at a time; release or destroy the one there first");
            assertThat(e.ownerName()).isEqualTo("dev0");
            assertThat(e.resourceName()).isEqualTo("irq");
            assertThat(list.findNamed("irq")).containsSame(irq);
            list.add("irq", log.action("plain irq")); // a plain add of the same name is not a named resource
            assertThat(list.names()).containsExactly("irq", "irq");
        }

        @Test
        void releaseNamedRunsAndDestroyNamedDropsAndTheNameIsFreeAgain() {
            list.addNamed("a", log.action("a"));
            list.addNamed("b", log.action("b"));
            assertThat(list.releaseNamed("a")).isTrue();
            assertThat(list.destroyNamed("b")).isTrue();
            assertThat(log.ran()).containsExactly("a");
            assertThat(list.releaseNamed("a")).as("-ENOENT").isFalse();
            assertThat(list.destroyNamed("b")).isFalse();
            assertThat(list.findNamed("a")).isEmpty();
            list.addNamed("a", log.action("a2"));
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("a", "a2");
            list.addNamed("a", log.action("a3")); // released with the list: the name is free
            assertThat(list.findNamed("a")).isPresent();
        }

        @Test
        void badInputIsRefusedWithTheOwnerAndTheRule() {
            assertThatThrownBy(() -> list.addNamed(null, log.action("x"))).isInstanceOf(NullPointerException.class)
                    .hasMessage("addNamed on 'dev0': the name must not be null");
            assertThatThrownBy(() -> list.addNamed("x", null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("addNamed on 'dev0': the action must not be null");
            assertThatThrownBy(() -> list.findNamed(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("findNamed on 'dev0': the name must not be null");
            assertThatThrownBy(() -> list.releaseNamed(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("releaseNamed on 'dev0': the name must not be null");
            assertThatThrownBy(() -> list.destroyNamed(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("destroyNamed on 'dev0': the name must not be null");
            list.releaseAllAndClose("last put");
            assertThatThrownBy(() -> list.addNamed("late", log.action("late"))).isInstanceOf(ListClosedException.class);
            assertThat(log.ran()).isEmpty();
        }
    }

    @Nested
    class Shared {
        @Test
        void theFreeRunsOnceAtTheLastPutAfterTheListDroppedItsReference() {
            SharedResource<String> s = list.addShared("fb", "pixels", v -> log.record("free " + v));
            assertThat(s.count()).as("the list's reference").isEqualTo(1);
            s.get();
            list.releaseAll("unbind");
            assertThat(s.count()).isEqualTo(1);
            assertThat(s.isLive()).as("off the list").isFalse();
            assertThat(s.value()).as("still held").isEqualTo("pixels");
            assertThat(log.ran()).isEmpty();
            assertThat(s.put()).as("the last put frees").isTrue();
            assertThat(log.ran()).containsExactly("free pixels");
            assertThat(s.isReleased()).isTrue();
            assertThatThrownBy(s::value).isInstanceOf(UseAfterFreeException.class)
                    .hasMessage("value of shared resource 'fb' of 'dev0' refused: its last reference was dropped and it was"
                            + " freed — take a reference with get() while you use it, and put() it when done")
                    .satisfies(e -> assertThat(((UseAfterFreeException) e).objectName()).isEqualTo("shared resource 'fb' of 'dev0'"));
            assertThatThrownBy(s::get).isInstanceOf(IllegalReferenceCountException.class)
                    .hasMessage("get on shared resource 'fb' of 'dev0' refused: its count already reached 0 and it was freed"
                            + " — a freed resource cannot be revived");
            assertThatThrownBy(s::put).isInstanceOf(IllegalReferenceCountException.class)
                    .hasMessage("put on shared resource 'fb' of 'dev0' refused: its count is already 0 — a reference can only"
                            + " be dropped once (count stays 0)");
            assertThat(s.tryGet()).isFalse();
            assertThat(log.ran()).containsExactly("free pixels");
        }

        @Test
        void withNoOtherHolderTheListsReleaseFreesItInItsTurn() {
            list.add("before", log.action("before"));
            list.addShared("fb", "pixels", v -> log.record("free"));
            list.add("after", log.action("after"));
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("after", "free", "before");
        }

        @Test
        void removingItFromTheListDropsTheListsReferenceToo() {
            SharedResource<String> s = list.addShared("fb", "pixels", v -> log.record("free"));
            s.get();
            list.remove(s);
            assertThat(s.count()).isEqualTo(1);
            assertThat(log.ran()).isEmpty();
            s.put();
            assertThat(log.ran()).containsExactly("free");
            SharedResource<String> t = list.addShared("t", "x", v -> log.record("free t"));
            list.remove(t);
            assertThat(log.ran()).as("the list held the last reference").containsExactly("free", "free t");
        }

        @Test
        void aFailingFreeIsAReleaseFailureOfTheListOrThePuttersException() {
            list.addShared("bad", "x", v -> {
                throw new IllegalStateException("free broke");
            });
            assertThatThrownBy(() -> list.releaseAll("unbind")).isInstanceOf(ReleaseFailedException.class)
                    .hasMessageContaining("'bad'").hasMessageContaining("free broke");
            SharedResource<String> held = list.addShared("held", "x", v -> {
                throw new IllegalStateException("free broke again");
            });
            held.get();
            list.releaseAll("unbind");
            assertThatThrownBy(held::put).hasMessage("free broke again");
            assertThat(held.isReleased()).as("freed once all the same").isTrue();
        }

        @Test
        void badInputIsRefused() {
            assertThatThrownBy(() -> list.addShared(null, "x", null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("addShared on 'dev0': the name must not be null");
            assertThatThrownBy(() -> list.addShared("x", null, null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("addShared on 'dev0': the value must not be null");
            list.releaseAllAndClose("last put");
            assertThatThrownBy(() -> list.addShared("late", "x", v -> log.record("free"))).isInstanceOf(ListClosedException.class);
            assertThat(log.ran()).as("nothing was added, so nothing is freed").isEmpty();
        }
    }

    @AfterEach
    void everyEventWasWellFormed() {
        synchronized (events) {
            assertThat(events).allMatch(e -> !e.name().isEmpty());
        }
    }
}
