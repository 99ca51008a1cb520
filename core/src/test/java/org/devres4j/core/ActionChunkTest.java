package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a confined list's {@link ActionChunk}s grow and when one takes actions: a chunk that follows a full
 * chunk has twice its slots (up to {@link ActionChunk#MAX_CAPACITY}), any other chunk starts at
 * {@link ActionChunk#CAPACITY}; only the head takes actions, so anything that moves the head — a traced add
 * once someone listens, a group release, a whole-list release — leaves the chunk below closed. The structural
 * checks read the chain through {@link Chain}: capacities, newest first.
 */
class ActionChunkTest {

    @RegisterExtension
    final ListInvariants invariants = new ListInvariants();

    final RunLog log = new RunLog();

    private ResourceList<Dev> confined(String name) {
        return invariants.track(ResourceList.confined(new Dev(name), name));
    }

    private void addActions(ResourceList<Dev> list, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            list.addAction(log.action(prefix + i));
        }
    }

    /** @return each live node of the chain, newest first: a chunk's capacity, or -1 for any other node */
    private static List<Integer> capacities(ResourceList<Dev> list) {
        Chain chain = (Chain) list;
        List<Integer> caps = new ArrayList<>();
        for (Node cur = chain.head; cur != chain.current; cur = cur.next) {
            caps.add(cur instanceof ActionChunk c ? c.capacity() : -1);
        }
        return caps;
    }

    @Test
    void aChunkThatFollowsAFullOneHasTwiceItsSlotsUpToTheMaximum() {
        ResourceList<Dev> list = confined("dev0");
        int total = 0;
        List<Integer> expected = new ArrayList<>();
        for (int cap = ActionChunk.CAPACITY; cap <= ActionChunk.MAX_CAPACITY; cap *= 2) {
            addActions(list, "g" + cap + "-", cap);
            total += cap;
            expected.add(0, cap);
            assertThat(capacities(list)).as("after %d actions, each chunk full", total).containsExactlyElementsOf(expected);
        }
        addActions(list, "max-", ActionChunk.MAX_CAPACITY + 1);
        total += ActionChunk.MAX_CAPACITY + 1;
        expected.add(0, ActionChunk.MAX_CAPACITY);
        expected.add(0, ActionChunk.MAX_CAPACITY);
        assertThat(capacities(list)).as("chunks stop growing at the maximum").containsExactlyElementsOf(expected);
        assertThat(list.size()).isEqualTo(total);

        assertThat(list.releaseAll("unbind")).isEqualTo(total);
        List<String> ran = log.ran();
        assertThat(ran).as("each action once").hasSize(total).doesNotHaveDuplicates();
        assertThat(ran.get(0)).as("newest first").isEqualTo("max-" + ActionChunk.MAX_CAPACITY);
        assertThat(ran.subList(ActionChunk.MAX_CAPACITY + 1, ActionChunk.MAX_CAPACITY + 3)).as("LIFO across chunks")
                .containsExactly("g" + ActionChunk.MAX_CAPACITY + "-" + (ActionChunk.MAX_CAPACITY - 1),
                        "g" + ActionChunk.MAX_CAPACITY + "-" + (ActionChunk.MAX_CAPACITY - 2));
        assertThat(ran.get(total - 1)).isEqualTo("g" + ActionChunk.CAPACITY + "-0");
        assertThat(capacities(list)).isEmpty();
    }

    @Test
    void aChunkAboveAnyOtherNodeStartsSmallAgain() {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "a", ActionChunk.CAPACITY + 1); // a full chunk, then one of twice its size
        list.add("h", log.action("h"));
        list.addAction(log.action("after"));
        assertThat(capacities(list)).containsExactly(ActionChunk.CAPACITY, -1, 2 * ActionChunk.CAPACITY, ActionChunk.CAPACITY);
        list.releaseAll("unbind");
        assertThat(log.ran()).startsWith("after", "h", "a" + ActionChunk.CAPACITY, "a" + (ActionChunk.CAPACITY - 1));
        list.addAction(log.action("next"));
        assertThat(capacities(list)).as("a new epoch's first chunk is a first chunk").containsExactly(ActionChunk.CAPACITY);
        list.releaseAll("again");
    }

    /**
     * The rule for listeners and stack capture switched on by another thread: an add sees every switch that
     * happens-before it (here: the other thread's start and join), and the switches are volatile, so an add
     * that follows the switch in their synchronization order sees it too — its action gets a numbered node
     * and an ADD event, however much room the head chunk has. The next quiet addAction starts a chunk above it.
     */
    @Test
    void aListenerSwitchedOnByAnotherThreadMidChunkTracesTheNextAction() throws Exception {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "a", 3);
        assertThat(capacities(list)).containsExactly(ActionChunk.CAPACITY);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread me = Thread.currentThread();
        AtomicReference<AutoCloseable> registration = new AtomicReference<>();
        Thread other = new Thread(() -> {
            registration.set(Tracing.addListener(e -> {
                if (e.owner().equals("dev0") && Thread.currentThread() == me) {
                    seen.add(e.verb() + " " + e.name() + " #" + e.order());
                }
            }));
            Tracing.enable();
        });
        other.start();
        other.join();
        try {
            list.addAction(log.action("traced"));
        } finally {
            Tracing.disable();
            registration.get().close();
        }
        assertThat(seen).containsExactly("ADD traced #1");
        assertThat(capacities(list)).as("the traced action is a node of its own above the chunk").containsExactly(-1, ActionChunk.CAPACITY);

        list.addAction(log.action("quiet"));
        assertThat(capacities(list)).as("quiet again: a new chunk above the node").containsExactly(ActionChunk.CAPACITY, -1,
                ActionChunk.CAPACITY);
        assertThat(list.leakReport().entries()).extracting(LeakReport.Entry::order).containsExactly(0, 0, 0, 1, 0);
        assertThat(list.releaseAll("unbind")).isEqualTo(5);
        assertThat(log.ran()).containsExactly("quiet", "traced", "a2", "a1", "a0");
    }

    @Test
    void stackCaptureSwitchedOnByAnotherThreadMidChunkGivesTheNextActionItsAddSite() throws Exception {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "a", 2);
        Thread other = new Thread(() -> Diagnostics.setCaptureStacks(true));
        other.start();
        other.join();
        try {
            list.addAction(log.action("site"));
        } finally {
            Diagnostics.setCaptureStacks(false);
        }
        assertThat(capacities(list)).containsExactly(-1, ActionChunk.CAPACITY);
        List<LeakReport.Entry> entries = list.leakReport().entries();
        assertThat(entries.get(2).allocatedAt()).contains("ActionChunkTest");
        assertThat(entries.get(0).allocatedAt()).isNull();
        list.releaseAll("unbind");
        assertThat(log.ran()).containsExactly("site", "a1", "a0");
    }

    @Test
    void actionsAddedDuringAReleaseGoToTheNextEpochAndAreNotRunByIt() {
        ResourceList<Dev> list = confined("dev0");
        int during = ActionChunk.CAPACITY + 3; // more than a first chunk holds
        list.addAction(log.action("first"));
        list.addAction(Release.named("adder", owner -> {
            log.record("adder");
            addActions(list, "late", during);
        }));
        list.addAction(log.action("last"));

        assertThat(list.releaseAll("unbind")).as("the adds made by an action are not this release's").isEqualTo(3);
        assertThat(log.ran()).containsExactly("last", "adder", "first");
        assertThat(list.size()).isEqualTo(during);
        assertThat(capacities(list)).containsExactly(2 * ActionChunk.CAPACITY, ActionChunk.CAPACITY);

        assertThat(list.releaseAll("again")).isEqualTo(during);
        List<String> late = log.ran().subList(3, 3 + during);
        assertThat(late.get(0)).isEqualTo("late" + (during - 1));
        assertThat(late.get(during - 1)).isEqualTo("late0");
        assertThat(late).doesNotHaveDuplicates();
    }

    @Test
    void aGroupReleaseThatTakesTheHeadChunkLeavesTheChunkBelowTakingActions() {
        ResourceList<Dev> list = confined("dev0");
        list.addAction(log.action("below"));
        list.openGroup("g");
        addActions(list, "in", 2);
        assertThat(list.releaseGroup("g")).isEqualTo(2);
        list.addAction(log.action("after"));
        assertThat(capacities(list)).as("the head is the chunk below again: it takes the action").containsExactly(
                ActionChunk.CAPACITY);
        assertThat(list.releaseAll("unbind")).isEqualTo(2);
        assertThat(log.ran()).containsExactly("in1", "in0", "after", "below");
    }

    @Test
    void aClosedListRefusesAnActionWhenItsLastChunkWasFullAndKeepsNothing() {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "a", ActionChunk.CAPACITY);
        list.releaseAllAndClose("last put");
        assertThatThrownBy(() -> list.addAction(log.action("late"))).isExactlyInstanceOf(ListClosedException.class)
                .hasMessage("add of 'late' to 'dev0' refused: the list was closed for good (last put) — nothing added now would"
                        + " ever be released");
        assertThat(capacities(list)).isEmpty();
        assertThat(list.size()).isZero();
        assertThat(log.ran()).hasSize(ActionChunk.CAPACITY).doesNotContain("late");
    }

    @Test
    void aReleaseOfChunksOnlyKeepsItsEpochAndAHandleAddedDuringItsWalkStaysLive() {
        ResourceList<Dev> list = confined("dev0");
        Chain chain = (Chain) list;
        AtomicReference<Handle> during = new AtomicReference<>();
        list.addAction(log.action("a0"));
        list.addAction(Release.named("adder", owner -> {
            log.record("adder");
            during.set(list.add("during", log.action("during")));
        }));
        Epoch before = chain.current;

        assertThat(list.releaseAll("unbind")).isEqualTo(2);
        assertThat(chain.current).as("only chunks were released: no fresh epoch").isSameAs(before);
        assertThat(before.state).isEqualTo(Epoch.LIVE);
        assertThat(during.get().isLive()).isTrue();
        assertThat(list.contains(during.get())).isTrue();
        assertThat(list.names()).containsExactly("during");

        assertThat(list.releaseAll("again")).as("a handle on the chain: a fresh epoch").isEqualTo(1);
        assertThat(chain.current).isNotSameAs(before);
        assertThat(before.state).isEqualTo(Epoch.RELEASED);
        assertThat(during.get().isLive()).isFalse();
        assertThatThrownBy(() -> list.release(during.get())).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("release on 'dev0': action 'during' was already released or removed — a resource is released at"
                        + " most once");
        assertThat(log.ran()).containsExactly("adder", "a0", "during");
    }

    @Test
    void aHandleReleasedBeforeAKeptEpochStaysReleased() {
        ResourceList<Dev> list = confined("dev0");
        Handle h = list.add("h", log.action("h"));
        list.release(h);
        addActions(list, "a", 2);
        Epoch before = ((Chain) list).current;
        assertThat(list.releaseAll("unbind")).isEqualTo(2);
        assertThat(((Chain) list).current).isSameAs(before);
        assertThat(h.isLive()).isFalse();
        assertThat(list.contains(h)).isFalse();
        assertThatThrownBy(() -> list.remove(h)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("remove on 'dev0': action 'h' was already released or removed — a resource is released at most"
                        + " once");
        assertThat(log.ran()).containsExactly("h", "a1", "a0");
    }

    @Test
    void aNestedReleaseOfAHandleDuringAKeptEpochsWalkRetiresTheEpoch() {
        ResourceList<Dev> list = confined("dev0");
        Chain chain = (Chain) list;
        AtomicReference<Handle> inner = new AtomicReference<>();
        list.addAction(log.action("a0"));
        list.addAction(Release.named("nester", owner -> {
            log.record("nester");
            inner.set(list.add("inner", log.action("inner")));
            assertThat(list.releaseAll("nested")).isEqualTo(1);
        }));
        list.addAction(log.action("a2"));
        Epoch before = chain.current;

        assertThat(list.releaseAll("unbind")).isEqualTo(3);
        assertThat(log.ran()).containsExactly("a2", "nester", "inner", "a0");
        assertThat(chain.current).as("the nested release swapped epochs").isNotSameAs(before);
        assertThat(before.state).isEqualTo(Epoch.RELEASED);
        assertThat(inner.get().isLive()).isFalse();
        assertThat(list.isEmpty()).isTrue();
        list.addAction(log.action("next"));
        assertThat(list.releaseAll("last")).isEqualTo(1);
        assertThat(log.ran()).endsWith("next");
    }

    @Test
    void aChainWithAnyOtherNodeBelowItsChunksStartsAFreshEpoch() {
        ResourceList<Dev> list = confined("dev0");
        Handle h = list.add("h", log.action("h"));
        addActions(list, "a", ActionChunk.CAPACITY + 1); // two chunks above the node
        Epoch before = ((Chain) list).current;
        assertThat(list.releaseAll("unbind")).isEqualTo(ActionChunk.CAPACITY + 2);
        assertThat(((Chain) list).current).isNotSameAs(before);
        assertThat(before.state).isEqualTo(Epoch.RELEASED);
        assertThat(h.isLive()).isFalse();
        assertThat(log.ran()).endsWith("a0", "h");
    }
}
