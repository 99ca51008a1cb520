package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;
import org.junit.jupiter.api.Test;

/** The model under the page: bars from begin to end, the window's gap, milestones and where a ghost ends. */
class TimelineModelTest {

    private static final Owner VGPU0 = new Owner(OwnerKind.DEVICE, "vgpu0");
    private static final Owner HW0 = new Owner(OwnerKind.HARDWARE, "vgpu0");
    private static final Owner CARD0 = new Owner(OwnerKind.DRM, "card0");

    @Test
    void aLifetimeWhoseBeginFellOutOfTheWindowStartsAtTheGapAndOneBegunTwiceEndsWhereItBeganAgain() {
        TimelineBuilder b = new TimelineBuilder("t");
        b.column(1, "1", "first", 1);
        b.event(1, "ADD", VGPU0, 1, Effect.BEGIN, "a", "", "ADD vgpu0 #1 a", 0);
        b.gap(1000);
        b.column(900, "900", "later", 0);
        b.event(900, "REL", VGPU0, 7, Effect.END, "old", "", "REL vgpu0 #7 old", 0);
        b.event(900, "FAIL", VGPU0, 7, Effect.FAIL, "old", "boom", "FAIL vgpu0 #7 old", 0);
        b.event(900, "ADD", VGPU0, 1, Effect.BEGIN, "a again", "", "ADD vgpu0 #1 a again", 0);

        Timeline t = b.build();

        assertThat(t.columns).extracting(Timeline.Column::gap).containsExactly(false, true, false);
        Timeline.Bar old = t.bars.stream().filter(x -> x.order == 7).findFirst().orElseThrow();
        assertThat(old.begunBefore).isTrue();
        assertThat(old.start.column()).as("it began somewhere in the gap").isEqualTo(1);
        assertThat(old.failed).isTrue();
        assertThat(old.ended.step()).isEqualTo(900);
        List<Timeline.Bar> ones = t.bars.stream().filter(x -> x.order == 1).toList();
        assertThat(ones).hasSize(2);
        assertThat(ones.get(0).end).as("begun again: the first ends there").isEqualTo(ones.get(1).start);
        assertThat(ones.get(1).open()).isTrue();
        assertThat(t.beginEvents()).isEqualTo(2);
        assertThat(t.lanes).hasSize(1);
    }

    @Test
    void hardwareSharesItsDevicesLaneAndTheMilestonesAreTheKernelsVerbs() {
        TimelineBuilder b = new TimelineBuilder("t");
        b.column(1, "1", "plug vgpu0", 1);
        b.event(1, "PLUG", HW0, 1, Effect.BEGIN, "mmio", "", "PLUG", 0);
        b.event(1, "DEVICE-ADD", VGPU0, 0, Effect.BEGIN, "vgpu0", "", "DEVICE-ADD", 0);
        b.event(1, "ALLOC", CARD0, 0, Effect.BEGIN, "vgpu", "", "ALLOC", 0);
        b.event(1, "ADD", CARD0, 1, Effect.BEGIN, "iounmap", "", "ADD", 0);
        b.event(1, "BIND", VGPU0, 0, Effect.NONE, "vgpu", "", "BIND", 0);
        b.column(2, "2", "unplug vgpu0", 2);
        b.event(2, "UNPLUG", HW0, 1, Effect.END, "", "", "UNPLUG", 0);
        b.event(2, "UNPLUG", CARD0, 0, Effect.NONE, "card0", "marked", "UNPLUG card0", 0);
        b.event(2, "UNBIND", VGPU0, 0, Effect.NONE, "vgpu", "", "UNBIND", 0);
        b.event(2, "DEVICE-DEL", VGPU0, 0, Effect.NONE, "vgpu0", "", "DEVICE-DEL", 0);
        b.column(3, "3", "close", 3);
        b.event(3, "RELEASE", CARD0, 0, Effect.NONE, "card0", "", "RELEASE", 0);
        b.event(3, "REL", CARD0, 1, Effect.END, "iounmap", "", "REL", 0);
        b.event(3, "SANITIZER", Owner.WORLD, 0, Effect.NONE, "use-after-unplug", "", "SANITIZER", 1);
        b.event(3, "FREE", CARD0, 0, Effect.END, "VgpuDevice", "", "FREE", 0);
        b.finding(1, "use-after-unplug", "hardware use-after-unplug", "MMIO", "step 3", 3, List.of(), List.of(),
                CARD0, 1, VGPU0);
        b.finding(2, "leak", "leak", "card0", "at world shutdown", 0, List.of(), List.of(), CARD0, 0, null);

        Timeline t = b.build();

        assertThat(t.lanes).extracting(l -> l.owner).containsExactly(VGPU0, CARD0);
        assertThat(t.lanes.get(0).bars).extracting(x -> x.owner).containsExactly(HW0);
        assertThat(t.lanes.get(0).self).extracting(x -> x.owner).containsExactly(VGPU0);
        assertThat(t.milestones).extracting(Timeline.Milestone::label).containsExactly("plug vgpu0", "bind vgpu0",
                "unplug vgpu0", "unbind vgpu0", "remove vgpu0", "last put card0", "final free card0");
        Timeline.Finding f = t.findings.get(0);
        assertThat(f.bar.name).isEqualTo("iounmap");
        assertThat(f.ghostWhy).as("the first release point of vgpu0 after the bar began").isEqualTo("unbind vgpu0");
        assertThat(f.ghostEnd).isEqualTo(t.milestones.get(3).at());
        assertThat(f.at.compareTo(f.bar.end)).as("found right after the release that touched it").isPositive();
        Timeline.Finding leak = t.findings.get(1);
        assertThat(leak.bar).as("order 0: the owner's own bar").isSameAs(t.lanes.get(1).self.get(0));
        assertThat(leak.at.column()).as("at the end: the last column").isEqualTo(2);
        assertThat(leak.ghostEnd).isNull();
    }
}
