package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DESIGN.md invariants 1, 2, 3 and 7, one test per rule. */
class ResourceListInvariantsTest {

    private final Dev dev = new Dev("dev0");
    private final RunLog log = new RunLog();
    @RegisterExtension
    final ListInvariants invariants = new ListInvariants();
    private final ResourceList<Dev> list = invariants.track(kind().create(dev, "dev0"));

    /** @return the kind of list these tests run against; a subclass runs them against the other kind */
    ListKind kind() {
        return ListKind.SHARED;
    }

    @Nested
    class Invariant1Lifo {
        @Test
        void releaseAllRunsInExactReverseOrderOfRegistration() {
            for (String n : List.of("a", "b", "c", "d")) {
                list.add(n, log.action(n));
            }
            assertThat(list.releaseAll("unbind")).isEqualTo(4);
            assertThat(log.ran()).containsExactly("d", "c", "b", "a");
            assertThat(list.isEmpty()).isTrue();
        }

        @Test
        void actionsReceiveTheOwner() {
            AtomicReference<Dev> seen = new AtomicReference<>();
            list.add("who", seen::set);
            list.releaseAll("unbind");
            assertThat(seen.get()).isSameAs(dev);
        }

        @Test
        void allKindsOfResourceShareOneLifoOrder() {
            list.add("a", log.action("a"));
            list.alloc("m", () -> "v", v -> log.record("m"));
            list.add("d", (Dev o, String data) -> log.record(data), "d");
            list.addOrReset("r", log.action("r"));
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("r", "d", "m", "a");
        }

        @Test
        void groupReleasesAsAUnitAndLeavesTheRestInOrder() {
            list.add("before", log.action("before"));
            Group g = list.openGroup("g");
            list.add("g1", log.action("g1"));
            list.add("g2", log.action("g2"));
            g.close();
            list.add("after", log.action("after"));

            assertThat(g.release()).isEqualTo(2);
            assertThat(log.ran()).containsExactly("g2", "g1");
            assertThat(list.names()).containsExactly("before", "after");
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("g2", "g1", "after", "before");
        }
    }

    @Nested
    class Invariant2ExactlyOnce {
        @Test
        void everyActionRunsExactlyOnceAcrossReleaseAndReleaseAll() {
            AtomicInteger a = new AtomicInteger();
            AtomicInteger b = new AtomicInteger();
            Handle ha = list.add("a", o -> a.incrementAndGet());
            list.add("b", o -> b.incrementAndGet());
            list.release(ha);
            list.releaseAll("unbind");
            list.releaseAll("again");
            assertThat(a.get()).isEqualTo(1);
            assertThat(b.get()).isEqualTo(1);
        }

        @Test
        void removedActionNeverRuns() {
            Handle h = list.add("gone", log.action("gone"));
            list.add("kept", log.action("kept"));
            list.remove(h);
            assertThat(h.isLive()).isFalse();
            assertThat(list.contains(h)).isFalse();
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("kept");
        }

        @Test
        void removedPairNeverRunsAndReleasedPairRunsWithItsData() {
            DataRelease<Dev, String> act = (o, d) -> log.record(d);
            list.add("x", act, "x");
            list.add("y", act, "y");
            list.remove(act, "x");
            list.release(act, "y");
            assertThat(log.ran()).containsExactly("y");
            assertThat(list.isEmpty()).isTrue();
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("y");
        }

        @Test
        void releasedHandleIsNoLongerLiveOrContained() {
            Handle h = list.add("a", log.action("a"));
            assertThat(list.contains(h)).isTrue();
            assertThat(h.isLive()).isTrue();
            list.release(h);
            assertThat(list.contains(h)).isFalse();
            assertThat(h.isLive()).isFalse();
        }

        @Test
        void failedActionIsStillDroppedAndNotRunAgain() {
            AtomicInteger runs = new AtomicInteger();
            list.add("bad", o -> {
                runs.incrementAndGet();
                throw new IOException("boom");
            });
            assertThatThrownBy(() -> list.releaseAll("unbind")).isInstanceOf(ReleaseFailedException.class);
            list.releaseAll("again");
            assertThat(runs.get()).isEqualTo(1);
        }
    }

    @Nested
    class Invariant3FailuresReported {
        @Test
        void failingActionDoesNotStopTheOthersAndAllFailuresAreReported() {
            ResourceList<Dev> list = invariants.track(kind().create(dev, "dev0", e -> { })); // numbered
            IOException first = new IOException("first");
            IllegalStateException second = new IllegalStateException("second");
            list.add("a", log.action("a"));
            list.add("fail2", o -> {
                throw second;
            });
            list.add("b", log.action("b"));
            list.add("fail1", o -> {
                throw first;
            });
            list.add("c", log.action("c"));

            ReleaseFailedException e = org.junit.jupiter.api.Assertions.assertThrows(ReleaseFailedException.class,
                    () -> list.releaseAll("unbind"));
            assertThat(log.ran()).containsExactly("c", "b", "a");
            assertThat(e.getCause()).isSameAs(first);
            assertThat(e.getSuppressed()).containsExactly(second);
            assertThat(e.failures()).extracting(ReleaseFailure::actionName).containsExactly("fail1", "fail2");
            assertThat(e.failures()).extracting(ReleaseFailure::order).containsExactly(4, 2);
            assertThat(e.failures()).allMatch(f -> f.ownerName().equals("dev0"));
            assertThat(e.getMessage()).contains("2 actions failed during unbind of 'dev0'", "'fail1' #4", "'fail2' #2",
                    "first", "second");
            assertThat(list.isEmpty()).isTrue();
        }

        @Test
        void singleReleaseFailureIsReportedWithItsName() {
            Handle h = list.add("bad", o -> {
                throw new IOException("io");
            });
            assertThatThrownBy(() -> list.release(h)).isInstanceOf(ReleaseFailedException.class)
                    .hasMessageContaining("'bad'").hasMessageContaining("dev0").hasCauseInstanceOf(IOException.class);
            assertThat(list.contains(h)).isFalse();
        }

        @Test
        void errorsThrownByActionsAreCollectedToo() {
            AssertionError err = new AssertionError("error");
            list.add("a", log.action("a"));
            list.add("err", o -> {
                throw err;
            });
            ReleaseFailedException e = org.junit.jupiter.api.Assertions.assertThrows(ReleaseFailedException.class,
                    () -> list.releaseAll("unbind"));
            assertThat(e.getCause()).isSameAs(err);
            assertThat(log.ran()).containsExactly("a");
        }

        @Test
        void failingDestructorOfManagedValueIsReportedAndValueStillPoisoned() {
            Managed<String> m = list.alloc("m", () -> "v", v -> {
                throw new IllegalStateException("dtor");
            });
            assertThatThrownBy(() -> list.releaseAll("unbind")).isInstanceOf(ReleaseFailedException.class)
                    .hasMessageContaining("'m'");
            assertThatThrownBy(m::get).isInstanceOf(UseAfterReleaseException.class);
        }
    }

    @Nested
    class Invariant7ReuseAndClose {
        @Test
        void listIsReusedAfterReleaseAll() {
            list.add("probe1", log.action("probe1"));
            list.releaseAll("unbind");
            list.add("probe2", log.action("probe2"));
            assertThat(list.names()).containsExactly("probe2");
            list.releaseAll("unbind");
            assertThat(log.ran()).containsExactly("probe1", "probe2");
            assertThat(list.isClosed()).isFalse();
        }

        @Test
        void addDuringReleaseGoesToTheNextRelease() {
            list.add("a", log.action("a"));
            list.add("adder", o -> {
                log.record("adder");
                list.add("late", log.action("late"));
            });
            list.add("b", log.action("b"));
            assertThat(list.releaseAll("unbind")).isEqualTo(3);
            assertThat(log.ran()).containsExactly("b", "adder", "a");
            assertThat(list.names()).containsExactly("late");
            assertThat(list.releaseAll("unbind")).isEqualTo(1);
            assertThat(log.ran()).containsExactly("b", "adder", "a", "late");
        }

        @Test
        void addDuringGroupReleaseStaysOnTheList() {
            Group g = list.openGroup();
            list.add("adder", o -> list.add("late", log.action("late")));
            g.close();
            assertThat(g.release()).isEqualTo(1);
            assertThat(list.names()).containsExactly("late");
        }

        @Test
        void closedListRefusesAddWithListClosedException() {
            list.add("a", log.action("a"));
            list.releaseAllAndClose("last put");
            Fixtures.Snapshot before = Fixtures.snapshot(list);
            assertThatThrownBy(() -> list.add("late", log.action("late"))).isInstanceOf(ListClosedException.class)
                    .hasMessage("add of 'late' to 'dev0' refused: the list was closed for good (last put)"
                            + " — nothing added now would ever be released");
            assertThatThrownBy(() -> list.alloc("m", () -> "v")).isInstanceOf(ListClosedException.class)
                    .hasMessageContaining("'m'").hasMessageContaining("'dev0'");
            assertThatThrownBy(() -> list.openGroup()).isInstanceOf(ListClosedException.class);
            assertThatThrownBy(() -> list.allocBytes("buf", 4)).isInstanceOf(ListClosedException.class);
            assertThat(Fixtures.snapshot(list)).isEqualTo(before);
            assertThat(log.ran()).containsExactly("a");
        }

        @Test
        void allocOnClosedListDoesNotCallTheSupplier() {
            list.releaseAllAndClose("last put");
            AtomicInteger made = new AtomicInteger();
            assertThatThrownBy(() -> list.alloc("m", made::incrementAndGet)).isInstanceOf(ListClosedException.class);
            assertThat(made.get()).isZero();
        }

        @Test
        void addOrResetOnClosedListRunsTheActionAtOnceAndThrows() {
            list.releaseAllAndClose("last put");
            assertThatThrownBy(() -> list.addOrReset("r", log.action("r"))).isInstanceOf(ListClosedException.class)
                    .hasMessageContaining("'r'").hasMessageContaining("'dev0'").hasMessageContaining("closed for good");
            assertThat(log.ran()).containsExactly("r");
            assertThat(list.size()).isZero();
        }

        @Test
        void addOrResetPairOnClosedListRunsWithItsDataAndAttachesActionFailure() {
            list.releaseAllAndClose("last put");
            IOException boom = new IOException("boom");
            assertThatThrownBy(() -> list.addOrReset("r", (Dev o, String d) -> {
                log.record(d);
                throw boom;
            }, "data")).isInstanceOf(ListClosedException.class).satisfies(e -> assertThat(e.getSuppressed()).containsExactly(boom));
            assertThat(log.ran()).containsExactly("data");
        }

        @Test
        void addOrResetOnOpenListJustAdds() {
            Handle h = list.addOrReset("r", log.action("r"));
            assertThat(log.ran()).isEmpty();
            assertThat(list.contains(h)).isTrue();
        }

        @Test
        void addDuringReleaseAllAndCloseIsRefusedAndReported() {
            list.add("adder", o -> list.add("late", log.action("late")));
            ReleaseFailedException e = org.junit.jupiter.api.Assertions.assertThrows(ReleaseFailedException.class,
                    () -> list.releaseAllAndClose("last put"));
            assertThat(e.getCause()).isInstanceOf(ListClosedException.class);
            assertThat(list.names()).isEmpty();
            assertThat(log.ran()).isEmpty();
        }

        @Test
        void closingTwiceIsRefusedAndNamesTheRule() {
            list.releaseAllAndClose("last put");
            assertThatThrownBy(() -> list.releaseAllAndClose("again")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("releaseAllAndClose on 'dev0': the list was already closed (last put)"
                            + " — an owner's final release happens once");
        }

        @Test
        void releaseAllOnClosedListIsHarmless() {
            list.releaseAllAndClose("last put");
            assertThat(list.releaseAll("again")).isZero();
            assertThat(list.isClosed()).isTrue();
        }
    }

    @Test
    void actionsMayQueryTheListWhileItReleases() {
        List<Integer> sizes = new ArrayList<>();
        list.add("a", o -> sizes.add(list.size()));
        list.add("b", o -> sizes.add(list.size()));
        list.releaseAll("unbind");
        assertThat(sizes).containsExactly(0, 0);
    }
}
