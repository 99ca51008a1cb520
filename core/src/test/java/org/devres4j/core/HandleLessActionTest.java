package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ManagedResources#addAction}: handle-less adds. On a confined list that nobody traces they go into
 * {@link ActionChunk}s — several actions per node — and every reader and release still sees them one by one;
 * on a shared or traced list each is a node of its own, exactly as {@code add} makes it. The structural
 * checks read {@link Chain#linkedNodes()}: without the chunk path, N actions link N nodes.
 */
class HandleLessActionTest {

    @RegisterExtension
    final ListInvariants invariants = new ListInvariants();

    final RunLog log = new RunLog();

    private ResourceList<Dev> confined(String name) {
        return invariants.track(ResourceList.confined(new Dev(name), name));
    }

    private static int linkedNodes(ResourceList<Dev> list) {
        return ((Chain) list).linkedNodes();
    }

    private void addActions(ResourceList<Dev> list, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            list.addAction(log.action(prefix + i));
        }
    }

    /** @return prefix + (n-1) .. prefix + 0 */
    private static List<String> newestFirst(String prefix, int n) {
        return IntStream.range(0, n).map(i -> n - 1 - i).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void aConfinedQuietListKeepsUpToACapacityOfActionsInOneNode() {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "a", ActionChunk.CAPACITY);
        assertThat(linkedNodes(list)).as("one chunk holds %d actions", ActionChunk.CAPACITY).isEqualTo(1);
        list.addAction(log.action("over"));
        assertThat(linkedNodes(list)).as("a full chunk: the next action starts another").isEqualTo(2);
        list.add("h", log.action("h"));
        list.addAction(log.action("after"));
        assertThat(linkedNodes(list)).as("an add with a handle sits above the chunk: the next action starts a chunk above it")
                .isEqualTo(4);
        assertThat(list.size()).isEqualTo(ActionChunk.CAPACITY + 3);

        assertThat(list.releaseAll("unbind")).isEqualTo(ActionChunk.CAPACITY + 3);
        List<String> expected = new ArrayList<>(List.of("after", "h", "over"));
        expected.addAll(newestFirst("a", ActionChunk.CAPACITY));
        assertThat(log.ran()).as("LIFO across chunks and nodes, each action once").containsExactlyElementsOf(expected);
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.releaseAll("again")).isZero();
        assertThat(log.ran()).hasSize(expected.size());
    }

    @Test
    void aSharedListLinksANodePerAction() {
        ResourceList<Dev> list = invariants.track(ResourceList.create(new Dev("dev0"), "dev0"));
        addActions(list, "a", ActionChunk.CAPACITY + 1);
        assertThat(linkedNodes(list)).isEqualTo(ActionChunk.CAPACITY + 1);
        assertThat(list.releaseAll("unbind")).isEqualTo(ActionChunk.CAPACITY + 1);
        assertThat(log.ran()).containsExactlyElementsOf(newestFirst("a", ActionChunk.CAPACITY + 1));
    }

    @Test
    void sizeNamesAndTheLeakReportListAChunksActionsOneByOne() {
        ResourceList<Dev> list = confined("dev0");
        list.add("first", log.action("first"));
        addActions(list, "a", 3);
        Release<Dev> bare = o -> { };
        list.addAction(bare); // named after its class, as a bare lambda added by add is
        Group g = list.openGroup("g");
        list.addAction(log.action("in"));

        assertThat(list.size()).isEqualTo(6);
        assertThat(list.names()).hasSize(6).startsWith("first", "a0", "a1", "a2").endsWith("in");
        assertThat(list.names().get(4)).as("a bare lambda's name, as add gives it").isEqualTo(Names.of(bare));
        LeakReport report = list.leakReport();
        assertThat(report.entries()).extracting(LeakReport.Entry::kind)
                .containsExactly("action", "action", "action", "action", "action", "group", "action");
        assertThat(report.entries()).extracting(LeakReport.Entry::order).containsOnly(0);
        assertThat(report.toString()).contains("6 resources", "action a1", "action in");
        g.close();
        list.releaseAll("unbind");
    }

    @Test
    void aGroupReleasesTheChunksBetweenItsMarkersAndNothingElse() {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "out", 3);
        Group g = list.openGroup("g");
        addActions(list, "in", ActionChunk.CAPACITY + 5); // two chunks inside
        g.close();
        addActions(list, "late", 2);
        assertThat(list.size()).isEqualTo(ActionChunk.CAPACITY + 10);

        assertThat(g.release()).isEqualTo(ActionChunk.CAPACITY + 5);
        assertThat(log.ran()).containsExactlyElementsOf(newestFirst("in", ActionChunk.CAPACITY + 5));
        assertThat(list.names()).containsExactly("out0", "out1", "out2", "late0", "late1");

        list.addAction(log.action("next")); // the head is a chunk again (late*): it takes the action
        assertThat(list.releaseAll("unbind")).isEqualTo(6);
        List<String> rest = log.ran().subList(ActionChunk.CAPACITY + 5, log.ran().size());
        assertThat(rest).containsExactly("next", "late1", "late0", "out2", "out1", "out0");
    }

    @Test
    void anOpenGroupTakesTheChunkAboveItsOpenMarker() {
        ResourceList<Dev> list = confined("dev0");
        list.addAction(log.action("below"));
        Group g = list.openGroup(null);
        addActions(list, "in", 2);
        assertThat(list.releaseGroup(null)).isEqualTo(2);
        assertThat(g.isLive()).isFalse();
        assertThat(list.names()).containsExactly("below");
        list.releaseAll("unbind");
        assertThat(log.ran()).containsExactly("in1", "in0", "below");
    }

    @Test
    void addActionOnAClosedConfinedListIsRefusedWithTheAddMessageAndChangesNothing() {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "a", 2);
        list.releaseAllAndClose("last put");
        assertThatThrownBy(() -> list.addAction(log.action("late"))).isExactlyInstanceOf(ListClosedException.class)
                .hasMessage("add of 'late' to 'dev0' refused: the list was closed for good (last put) — nothing added now would"
                        + " ever be released");
        assertThat(list.isClosed()).isTrue();
        assertThat(list.size()).isZero();
        assertThat(log.ran()).containsExactly("a1", "a0");
    }

    @Test
    void theAdmissionPolicyIsAskedAboutAddAction() {
        List<String> asked = new ArrayList<>();
        ResourceList<Dev> list = invariants.track(ResourceList.builder(new Dev("dev0"), "dev0").confined()
                .admission((owner, op) -> {
                    asked.add(op);
                    return new IllegalStateException(op + " on '" + owner.name() + "' refused: unbinding");
                }).create());
        assertThatThrownBy(() -> list.addAction(log.action("x"))).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("addAction on 'dev0' refused: unbinding");
        assertThat(asked).containsExactly("addAction");
        assertThat(list.size()).isZero();
    }

    @Test
    void aTracedConfinedListAddsANumberedNodePerActionWithItsOwnAddEvent() {
        List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
        ResourceList<Dev> list = invariants.track(ResourceList.builder(new Dev("dev0"), "dev0").confined()
                .listener(events::add).create());
        addActions(list, "a", 3);
        assertThat(linkedNodes(list)).as("traced: one node per action, as add").isEqualTo(3);
        assertThat(events).extracting(e -> e.verb() + " " + e.name() + " #" + e.order())
                .containsExactly("ADD a0 #1", "ADD a1 #2", "ADD a2 #3");
        assertThat(list.leakReport().entries()).extracting(LeakReport.Entry::order).containsExactly(1, 2, 3);
        events.clear();
        list.releaseAll("unbind");
        assertThat(events).extracting(e -> e.verb() + " " + e.name() + " #" + e.order())
                .containsExactly("REL a2 #3", "REL a1 #2", "REL a0 #1");
    }

    @Test
    void debugStacksGiveEachActionANodeAndItsAddSite() {
        Diagnostics.setCaptureStacks(true);
        try {
            ResourceList<Dev> list = confined("dev0");
            addActions(list, "a", 2);
            assertThat(linkedNodes(list)).isEqualTo(2);
            assertThat(list.leakReport().entries()).allSatisfy(e -> assertThat(e.allocatedAt()).contains("HandleLessActionTest"));
            list.releaseAll("unbind");
        } finally {
            Diagnostics.setCaptureStacks(false);
        }
    }

    @Test
    void aChunkAddedQuietlyIsReleasedWithAnEventPerActionOnceSomeoneListens() throws Exception {
        ResourceList<Dev> list = confined("dev0");
        addActions(list, "a", 3);
        assertThat(linkedNodes(list)).isEqualTo(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread me = Thread.currentThread();
        try (AutoCloseable l = Tracing.addListener(e -> {
            if (e.owner().equals("dev0") && Thread.currentThread() == me) {
                seen.add(e.verb() + " " + e.name());
            }
        })) {
            Tracing.enable();
            list.releaseAll("unbind");
        } finally {
            Tracing.disable();
        }
        assertThat(seen).containsExactly("REL a2", "REL a1", "REL a0");
        assertThat(log.ran()).containsExactly("a2", "a1", "a0");
    }
}
