package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Groups with the semantics of drivers/base/devres.c (open/close/remove/release, nesting, null id). */
class GroupSemanticsTest {

    private final RunLog log = new RunLog();
    @RegisterExtension
    final ListInvariants invariants = new ListInvariants();
    private final ResourceList<Dev> list = invariants.track(kind().create(new Dev("dev0"), "dev0"));

    /** @return the kind of list these tests run against; a subclass runs them against the other kind */
    ListKind kind() {
        return ListKind.SHARED;
    }

    private void add(String... names) {
        for (String n : names) {
            list.add(n, log.action(n));
        }
    }

    private List<String> groupMarkers() {
        return list.leakReport().entries().stream().filter(e -> e.kind().equals("group"))
                .map(LeakReport.Entry::name).toList();
    }

    @Test
    void releaseOfOpenGroupReleasesToTheEndOfTheList() {
        add("a");
        Group g = list.openGroup("g");
        add("b", "c");
        assertThat(g.isOpen()).isTrue();
        assertThat(list.releaseGroup("g")).isEqualTo(2);
        assertThat(log.ran()).containsExactly("c", "b");
        assertThat(list.names()).containsExactly("a");
        assertThat(g.isLive()).isFalse();
        assertThat(groupMarkers()).isEmpty();
    }

    @Test
    void releaseOfClosedGroupReleasesOnlyItsSpan() {
        add("a");
        Group g = list.openGroup("g");
        add("b", "c");
        list.closeGroup("g");
        add("d");
        assertThat(g.isOpen()).isFalse();
        assertThat(g.isLive()).isTrue();
        assertThat(list.releaseGroup("g")).isEqualTo(2);
        assertThat(log.ran()).containsExactly("c", "b");
        assertThat(list.names()).containsExactly("a", "d");
        assertThat(groupMarkers()).isEmpty();
    }

    @Test
    void whollyNestedClosedGroupGoesWithItsParent() {
        Group outer = list.openGroup("outer");
        add("a");
        Group inner = list.openGroup("inner");
        add("b");
        inner.close();
        add("c");
        outer.close();
        add("z");
        assertThat(outer.release()).isEqualTo(3);
        assertThat(log.ran()).containsExactly("c", "b", "a");
        assertThat(inner.isLive()).isFalse();
        assertThat(list.names()).containsExactly("z");
        assertThat(groupMarkers()).isEmpty();
    }

    @Test
    void stillOpenNestedGroupInsideClosedParentGoesButLaterResourcesStay() {
        Group outer = list.openGroup("outer");
        Group inner = list.openGroup("inner");
        add("b");
        outer.close();
        add("after"); // added while "inner" is still open, but after outer's close marker
        assertThat(outer.release()).isEqualTo(1);
        assertThat(log.ran()).containsExactly("b");
        // devres.c colours an open group 2 from its open marker alone: inner's markers go too
        assertThat(inner.isLive()).isFalse();
        assertThat(list.names()).containsExactly("after");
        assertThat(groupMarkers()).isEmpty();
    }

    @Test
    void partiallyOverlappingGroupKeepsItsMarker() {
        Group g1 = list.openGroup("g1");
        add("a");
        Group g2 = list.openGroup("g2");
        add("b");
        g1.close();
        add("c");
        g2.close();
        add("d");
        // g1 spans [g1-open a g2-open b g1-close]; g2 only begins inside it
        assertThat(g1.release()).isEqualTo(2);
        assertThat(log.ran()).containsExactly("b", "a");
        assertThat(g2.isLive()).isTrue();
        assertThat(groupMarkers()).containsExactly("group g2 open", "group g2 close");
        assertThat(list.names()).containsExactly("c", "d");
        // g2 now spans just "c"
        assertThat(g2.release()).isEqualTo(1);
        assertThat(log.ran()).containsExactly("b", "a", "c");
        assertThat(list.names()).containsExactly("d");
    }

    @Test
    void groupThatClosesInsideTheReleasedSpanKeepsItsMarkerToo() {
        Group g1 = list.openGroup("g1");
        add("a");
        Group g2 = list.openGroup("g2");
        add("b");
        g1.close();
        add("c");
        g2.close();
        // g2 spans [g2-open b g1-close c g2-close]; g1 only ends inside it
        assertThat(g2.release()).isEqualTo(2);
        assertThat(log.ran()).containsExactly("c", "b");
        assertThat(g1.isLive()).isTrue();
        assertThat(groupMarkers()).containsExactly("group g1 open", "group g1 close");
        assertThat(list.names()).containsExactly("a");
    }

    @Test
    void removeGroupKeepsTheResources() {
        add("a");
        Group g = list.openGroup("g");
        add("b");
        g.close();
        add("c");
        list.removeGroup("g");
        assertThat(log.ran()).isEmpty();
        assertThat(g.isLive()).isFalse();
        assertThat(list.names()).containsExactly("a", "b", "c");
        assertThat(groupMarkers()).isEmpty();
        list.releaseAll("unbind");
        assertThat(log.ran()).containsExactly("c", "b", "a");
    }

    @Test
    void removeOfOpenGroupKeepsResourcesAndNestedGroups() {
        Group g = list.openGroup("g");
        add("a");
        Group inner = list.openGroup("inner");
        add("b");
        g.remove();
        assertThat(inner.isOpen()).isTrue();
        assertThat(list.names()).containsExactly("a", "b");
        assertThat(inner.release()).isEqualTo(1);
        assertThat(list.names()).containsExactly("a");
    }

    @Test
    void releaseGroupReturnsTheCountOfResourcesNotMarkers() {
        Group g = list.openGroup();
        add("a");
        list.openGroup();
        list.alloc("m", () -> 1);
        list.openGroup().close();
        add("b");
        assertThat(g.release()).isEqualTo(3);
        assertThat(list.size()).isZero();
        assertThat(list.leakReport().entries()).isEmpty();
    }

    @Test
    void emptyGroupReleasesZero() {
        Group g = list.openGroup("g");
        g.close();
        assertThat(g.release()).isZero();
        assertThat(list.leakReport().entries()).isEmpty();
    }

    @Test
    void nullIdMeansTheNewestOpenGroup() {
        Group outer = list.openGroup("outer");
        Group inner = list.openGroup("inner");
        list.closeGroup(null);
        assertThat(inner.isOpen()).isFalse();
        assertThat(outer.isOpen()).isTrue();
        add("a");
        list.closeGroup(null);
        assertThat(outer.isOpen()).isFalse();
        Group third = list.openGroup("third");
        add("b");
        assertThat(list.releaseGroup(null)).isEqualTo(1);
        assertThat(third.isLive()).isFalse();
        assertThat(list.names()).containsExactly("a");
    }

    @Test
    void nullIdSkipsClosedGroupsThatAreNewer() {
        Group outer = list.openGroup("outer");
        add("a");
        list.openGroup("inner").close();
        add("b");
        list.removeGroup(null); // the newest OPEN group is outer
        assertThat(outer.isLive()).isFalse();
        assertThat(groupMarkers()).containsExactly("group inner open", "group inner close");
        assertThat(list.names()).containsExactly("a", "b");
    }

    @Test
    void openGroupWithoutIdUsesTheGroupItselfAsId() {
        Group g = list.openGroup();
        assertThat(g.id()).isSameAs(g);
        Group h = list.openGroup(null);
        assertThat(h.id()).isSameAs(h);
        add("x");
        assertThat(list.releaseGroup(g)).isEqualTo(1);
        assertThat(h.isLive()).isFalse();
    }

    @Test
    void sameIdFindsTheNewestGroup() {
        Group first = list.openGroup("dup");
        add("a");
        first.close();
        Group second = list.openGroup("dup");
        add("b");
        list.releaseGroup("dup");
        assertThat(second.isLive()).isFalse();
        assertThat(first.isLive()).isTrue();
        assertThat(list.names()).containsExactly("a");
    }

    @Test
    void releaseAllEndsEveryGroup() {
        Group g = list.openGroup("g");
        add("a");
        Group h = list.openGroup("h");
        h.close();
        list.releaseAll("unbind");
        assertThat(g.isLive()).isFalse();
        assertThat(h.isLive()).isFalse();
        assertThat(list.leakReport().entries()).isEmpty();
    }

    @Test
    void removedResourceInsideGroupIsNotReleasedWithIt() {
        Group g = list.openGroup("g");
        Handle a = list.add("a", log.action("a"));
        add("b");
        list.remove(a);
        assertThat(g.release()).isEqualTo(1);
        assertThat(log.ran()).containsExactly("b");
    }
}
