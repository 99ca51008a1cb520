package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.devres4j.driver.Device;
import org.devres4j.hw.Io;
import org.devres4j.hw.IoMapping;
import org.devres4j.hw.model.MemoryHardware;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.junit.jupiter.api.Test;

class WorldPartsTest {

    @Test
    void namespaceRefusesASecondRegistrationWithEexistAndTellsTheSanitizer() {
        EventLog log = new EventLog();
        List<String> told = new java.util.ArrayList<>();
        SimNamespace ns = new SimNamespace(log, (path, holder, newcomer) -> told.add(path + " " + holder.owner() + " " + newcomer));
        ns.publish("/sys/devices/gpu0/tile0", "card0");
        assertThatThrownBy(() -> ns.publish("/sys/devices/gpu0/tile0", "card1"))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
                .hasMessageContaining("'/sys/devices/gpu0/tile0' is already registered by 'card0'")
                .hasMessageContaining("'card1' cannot register the same name");
        assertThat(told).containsExactly("/sys/devices/gpu0/tile0 card0 card1");
        assertThat(ns.owner("/sys/devices/gpu0/tile0")).contains("card0");
        assertThat(ns.withdraw("/sys/devices/gpu0/tile0")).isTrue();
        assertThat(ns.withdraw("/sys/devices/gpu0/tile0")).isFalse();
        ns.publish("/sys/devices/gpu0/tile0", "card1");
        assertThatThrownBy(() -> ns.publish("dev/dri/card0", "card0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an absolute path");
        assertThat(ns.allocMinor("a")).isZero();
        assertThat(ns.allocMinor("b")).isEqualTo(1);
        ns.freeMinor(0);
        assertThat(ns.allocMinor("c")).isZero();
        assertThatThrownBy(() -> ns.freeMinor(5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("namespace: minor 5 is not allocated");
    }

    @Test
    void aStaleMappingReachesTheDeviceThatNowOwnsTheRange() {
        try (World w = new World(1, "current")) {
            Device d0 = w.bus.newDevice("x0");
            w.hw.plug(d0, 0x1000);
            IoMapping old = Io.ioremap(w.hw, d0, 0);
            w.hw.unplug(d0);
            assertThat(w.hw.mmioRanges(d0)).isEmpty();
            Device d1 = w.bus.newDevice("x1");
            w.hw.plug(d1, 0x1000);
            w.pluggedAt.put("x1", "step 9");
            old.unguardedAccess().write32(0xC, 0x77);
            assertThat(w.hw.peek(d1, 0xC)).isEqualTo(0x77);
            assertThat(w.reports()).extracting(Report::kind)
                    .containsExactly(ReportKind.UNGUARDED_ACCESS, ReportKind.USE_AFTER_UNPLUG);
            assertThat(w.reports().get(1).detail()).contains("now belongs to x1 (plugged at step 9)");
            Device d2 = w.bus.newDevice("x2");
            w.hw.plug(d2, 0x1000);
            IoMapping m2 = Io.ioremap(w.hw, d2, 0);
            w.hw.unplug(d2);
            assertThat(m2.unguardedAccess().read32(0)).isEqualTo(0xFFFF_FFFF);
            assertThat(w.reports().get(w.reports().size() - 1).detail()).contains("belongs to no device");
            assertThatThrownBy(() -> w.hw.map(d2, new org.devres4j.hw.MmioRange("bar0", 0, 16)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of the device's present ranges");
        }
    }

    @Test
    void aStaleInterruptHandlerRunsForTheDeviceThatNowHasItsLine() {
        try (World w = new World(1, "current")) {
            Device d0 = w.bus.newDevice("x0");
            w.hw.plug(d0, 0x1000);
            int[] calls = new int[1];
            Io.requestIrq(w.hw, d0, 0, "x0-handler", n -> calls[0]++);
            w.hw.unplug(d0);
            Device d1 = w.bus.newDevice("x1");
            w.hw.plug(d1, 0x1000);
            assertThat(w.hw.irqs(d1)).containsExactly(MemoryHardware.FIRST_IRQ);
            assertThat(w.hw.raise(d1)).isTrue();
            assertThat(calls[0]).isEqualTo(1);
            assertThat(w.reports()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(ReportKind.USE_AFTER_UNPLUG);
                assertThat(r.object()).isEqualTo("irq 32 handler x0-handler");
                assertThat(r.shouldHave()).contains("devm_request_irq");
            });
        }
    }

    @Test
    void useOfARefcountedObjectAfterItsLastPutIsAUseAfterRelease() {
        try (World w = new World(1, "current")) {
            org.devres4j.drm.Bridge b = org.devres4j.drm.Bridge.create("b0", null);
            b.put();
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(b::enable);
            w.examine(new RuntimeException("wrapped", t));
            assertThat(w.reports()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(ReportKind.USE_AFTER_RELEASE);
                assertThat(r.object()).contains("bridge 'b0' after its last put");
                assertThat(r.shouldHave()).contains("get/put");
            });
            w.examine(new IllegalStateException("close of file1 refused: it is already closed"));
            assertThat(w.reports()).hasSize(1);
        }
    }

    @Test
    void irqRequestIsCheckedAgainstTheDevicesLine() {
        try (World w = new World(1, "current")) {
            Device d0 = w.bus.newDevice("x0");
            w.hw.plug(d0, 0x1000);
            int line = w.hw.irqs(d0).get(0);
            int[] hits = new int[1];
            var req = w.hw.requestIrq(d0, line, "t", n -> hits[0]++);
            assertThat(w.hw.raise(d0)).isTrue();
            assertThat(hits[0]).isEqualTo(1);
            assertThatThrownBy(() -> w.hw.requestIrq(d0, line, "t2", n -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already requested by t");
            assertThatThrownBy(() -> w.hw.requestIrq(d0, line + 1, "t3", n -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the device's line");
            req.free();
            assertThat(w.hw.raise(d0)).isFalse();
            assertThatThrownBy(req::free).isInstanceOf(IllegalStateException.class).hasMessageContaining("already freed");
        }
    }

    @Test
    void traceCheckerCatchesDoubleReleaseAndBrokenLifo() {
        TraceChecker c = new TraceChecker();
        assertThat(c.check(new org.devres4j.core.TraceEvent("ADD", "d", "a", 1, ""))).isNull();
        assertThat(c.check(new org.devres4j.core.TraceEvent("ADD", "d", "b", 2, ""))).isNull();
        assertThat(c.check(new org.devres4j.core.TraceEvent("REL", "d", "a", 1, ""))).isNull();
        assertThat(c.check(new org.devres4j.core.TraceEvent("REL", "d", "b", 2, "")))
                .isEqualTo("LIFO broken on d: #2 (b) released after #1 in the same batch");
        assertThat(c.check(new org.devres4j.core.TraceEvent("REL", "d", "b", 2, "")))
                .contains("not live: released twice, or never added");
        c.check(new org.devres4j.core.TraceEvent("ADD", "e", "x", 1, ""));
        assertThat(c.unreleased()).containsExactly("e #1");
    }

    @Test
    void schedulerIsAPureFunctionOfItsSeed() {
        Scheduler a = new Scheduler(5);
        Scheduler b = new Scheduler(5);
        List<String> items = List.of("p1", "p2", "p3");
        for (int i = 0; i < 50; i++) {
            assertThat(a.pick(items)).isEqualTo(b.pick(items));
            assertThat(a.between(1, 3)).isEqualTo(b.between(1, 3)).isBetween(1, 3);
        }
        assertThatThrownBy(() -> a.pick(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scheduler: nothing is runnable");
    }

    @Test
    void reportTextAndJsonEscape() {
        Report r = new Report(ReportKind.LEAK, "name \"x\"\n", "a", "b", "devm", "d", List.of("c1", "c2"), 3, 4);
        assertThat(r.toJson()).isEqualTo("{\"kind\":\"leak\",\"title\":\"leak\",\"object\":\"name \\\"x\\\"\\n\","
                + "\"allocated\":\"a\",\"released\":\"b\",\"shouldHave\":\"devm\",\"detail\":\"d\","
                + "\"chain\":[\"c1\",\"c2\"],\"step\":3,\"line\":4}");
        assertThat(r.toText()).contains("(step 3, line 4)").contains("held by:     c1 -> c2")
                .contains("should have: devm");
        assertThat(ReportKind.byId("eexist")).isEqualTo(ReportKind.EEXIST);
        assertThatThrownBy(() -> ReportKind.byId("oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown report kind 'oops'");
    }
}
