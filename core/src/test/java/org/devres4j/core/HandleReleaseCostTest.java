package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.Fixtures.Dev;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Releasing or removing one handle costs O(1) in the list's size (issue 10: releasing 10⁵ handles one
 * by one, oldest first, used to walk from the newest node every time — quadratic, 12–44 s). The cost is
 * counted, not timed: {@link Chain#walked} counts every node the removal paths visit (compactions and
 * relinks), and a linear bound on it is deterministic on any machine. Memory stays bounded too: nodes
 * retired in place never outnumber the live ones by more than the compaction threshold.
 */
class HandleReleaseCostTest {

    private static final int N = 100_000;

    private static LinkedResourceList<Dev> filled(List<Handle> handles, AtomicInteger ran) {
        LinkedResourceList<Dev> list = (LinkedResourceList<Dev>) ResourceList.create(new Dev("dev0"), "dev0");
        Release<Dev> action = Release.named("a", o -> ran.incrementAndGet());
        for (int i = 0; i < N; i++) {
            handles.add(list.add(action));
        }
        return list;
    }

    @Test
    @Timeout(60)
    void releasingEveryHandleOldestFirstVisitsALinearNumberOfNodes() {
        List<Handle> handles = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        LinkedResourceList<Dev> list = filled(handles, ran);
        for (Handle h : handles) {
            list.release(h);
        }
        assertThat(ran.get()).isEqualTo(N);
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.walked).as("nodes visited for %d releases, oldest first", N).isLessThanOrEqualTo(3L * N);
        assertThat(list.linkedNodes()).as("nodes retired in place are unlinked by compactions").isLessThanOrEqualTo(64);
    }

    @Test
    @Timeout(60)
    void removingEveryHandleNewestFirstUnlinksEachAtOnce() {
        List<Handle> handles = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        LinkedResourceList<Dev> list = filled(handles, ran);
        for (int i = handles.size() - 1; i >= 0; i--) {
            list.remove(handles.get(i));
        }
        assertThat(ran.get()).isZero();
        assertThat(list.walked).as("the newest node is unlinked at once: no walk").isZero();
        assertThat(list.linkedNodes()).isZero();
    }

    @Test
    @Timeout(60)
    void releasingInRandomOrderStaysLinearAndKeepsTheOthersInOrder() {
        long seed = Fixtures.seed("HandleReleaseCostTest");
        SplittableRandom random = new SplittableRandom(seed);
        List<Handle> handles = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        LinkedResourceList<Dev> list = filled(handles, ran);
        List<Handle> kept = new ArrayList<>(handles);
        int released = 0;
        while (kept.size() > N / 10) {
            Handle h = kept.remove(random.nextInt(kept.size()));
            list.release(h);
            released++;
        }
        assertThat(ran.get()).as("seed %d", seed).isEqualTo(released);
        assertThat(list.size()).as("seed %d", seed).isEqualTo(kept.size());
        assertThat(list.walked).as("seed %d: nodes visited for %d releases", seed, released).isLessThanOrEqualTo(3L * N);
        assertThat(list.linkedNodes()).as("seed %d: retired nodes stay bounded by the live ones", seed)
                .isLessThanOrEqualTo(2 * kept.size() + 64);
        for (Handle h : kept) {
            assertThat(list.contains(h)).isTrue();
        }
        assertThat(list.releaseAll("unbind")).isEqualTo(kept.size());
        assertThat(ran.get()).isEqualTo(N);
    }

    @Test
    void aHandleKeptAfterAWholeListReleaseKeepsNoOtherNodeAlive() {
        ResourceList<Dev> list = ResourceList.create(new Dev("dev0"), "dev0");
        list.add("old", o -> { });
        Node newest = (Node) list.add("new", o -> { });
        list.releaseAll("unbind");
        assertThat(newest.next).as("the release walk clears next: a kept handle pins nothing").isNull();
        assertThat(newest.isLive()).isFalse();
    }
}
