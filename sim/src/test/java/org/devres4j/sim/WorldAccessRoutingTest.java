package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.hw.Io;
import org.devres4j.hw.IoMapping;
import org.junit.jupiter.api.Test;

/**
 * The world's MMIO observer: one per world, scoped to its hardware, so an access reaches the world its
 * mapping came from whatever thread makes it, never another world, and nothing after close. Also the
 * wording of unguarded-access reports and the binding's own teardown at shutdown.
 */
class WorldAccessRoutingTest {

    private static Step step(String verb, String... args) {
        return new Step(0, verb, List.of(args), Map.of());
    }

    /** Makes an access on a thread of its own, named like vgpu's flush worker, and waits for it. */
    private static void onWorkerThread(Runnable access) throws InterruptedException {
        Thread t = new Thread(access, "card0-vgpu-flush");
        t.start();
        t.join();
    }

    @Test
    void theFlushWorkersAccessIsSeenByTheWorld() {
        try (World w = new World(1, "current")) {
            w.execute(new Step(0, "load", List.of("vgpu"), Map.of("variant", "fixed")));
            for (Step s : List.of(step("plug", "vgpu0"), step("process", "p1"), step("open", "p1", "vgpu0", "f1"),
                    step("ioctl", "p1", "f1", "flush"))) {
                w.execute(s);
            }
            assertThat(w.last()).startsWith("ok");
            assertThat(w.accessesByThread()).as("the flush writes REG_SCRATCH on the card's flush worker")
                    .containsEntry("card0-vgpu-flush", 1);
            assertThat(w.reports()).as("the flush is guarded").isEmpty();
        }
    }

    @Test
    void anUnguardedAccessFromAnotherThreadIsReportedAndSaysItWouldRaceAnUnplug() throws Exception {
        try (World w = new World(1, "current")) {
            w.execute(step("plug", "vgpu0"));
            IoMapping m = Io.ioremap(w.hw, w.devices.get("vgpu0"), 0);
            onWorkerThread(() -> m.unguardedAccess().write32(Vgpu.REG_SCRATCH, 7));
            assertThat(w.reports()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(ReportKind.UNGUARDED_ACCESS);
                assertThat(r.object()).isEqualTo("MMIO vgpu0:bar0");
                assertThat(r.detail()).isEqualTo("write32 +0x" + Integer.toHexString(Vgpu.REG_SCRATCH)
                        + " through unguardedAccess(), outside enter/exit: would race an unplug of vgpu0");
                assertThat(r.released()).isEqualTo("not released: vgpu0 is plugged, but nothing held it there (and no driver is bound to it)");
                assertThat(r.toText()).doesNotContain("still plugged (this time)").doesNotContain("nothing kept");
            });
            m.unmap();
        }
    }

    @Test
    void twoWorldsOpenAtOnceWithTheSameNamesEachSeeOnlyTheirOwnAccesses() throws Exception {
        try (World a = new World(1, "current"); World b = new World(1, "current")) {
            a.execute(step("plug", "vgpu0"));
            b.execute(step("plug", "vgpu0"));
            IoMapping inB = Io.ioremap(b.hw, b.devices.get("vgpu0"), 0);
            onWorkerThread(() -> inB.unguardedAccess().read32(Vgpu.REG_STATUS));
            assertThat(b.reports()).extracting(Report::kind).containsExactly(ReportKind.UNGUARDED_ACCESS);
            assertThat(a.reports()).as("world a has a vgpu0 too, but not this one").isEmpty();
            assertThat(a.accessesByThread()).isEmpty();
            inB.unmap();
        }
    }

    @Test
    void afterCloseNoObserverIsRegisteredForTheWorld() {
        World w = new World(1, "current");
        w.execute(step("plug", "vgpu0"));
        IoMapping m = Io.ioremap(w.hw, w.devices.get("vgpu0"), 0);
        assertThat(w.observingAccesses()).isTrue();
        w.close();
        assertThat(w.observingAccesses()).as("closing the world unregisters its observer").isFalse();
        m.unguardedAccess().read32(Vgpu.REG_STATUS);
        assertThat(w.reports()).as("a closed world hears nothing").isEmpty();
        assertThat(w.accessesByThread()).isEmpty();
        w.close(); // a second close is harmless
        assertThat(w.observingAccesses()).isFalse();
    }

    @Test
    void drmmMmioReportsOnlyTheLateTeardownNotTheOneInTheReleaseOfTheBindingAtShutdown() {
        RunResult r = ScenarioRunner.run(Scenarios.find("drmm-mmio:buggy").orElseThrow(), RunOptions.defaults());
        assertThat(r.reports()).as(r.toText()).extracting(Report::kind)
                .containsExactly(ReportKind.UNGUARDED_ACCESS, ReportKind.USE_AFTER_UNPLUG);
        assertThat(r.reports()).as(r.toText()).allSatisfy(x -> {
            assertThat(x.step()).as("found at the close, not at world shutdown").isPositive();
            assertThat(x.object()).startsWith("MMIO vgpu0:bar0");
        });
        assertThat(r.reports().get(0).detail()).contains("after vgpu0 was unplugged");
        assertThat(r.events()).as("vgpu1's teardown at shutdown ran in the release of its binding")
                .anyMatch(e -> e.contains("of vgpu1:bar0 outside enter/exit, in the release of vgpu1's binding"));
    }
}
