package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.LeakReport;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's "option 2" made real: under {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY} unbind runs
 * {@code remove()} but not the devres list, so every unbind/rebind cycle leaves the previous binding's
 * resources behind. {@link RebindCyclesTest} shows the same cycles under the current policy stay empty.
 */
class ReleaseAtDeletionOnlyTest {

    private static final int CYCLES = 50;

    /** A driver whose every probe adds three resources tagged with the probe's number. */
    private static Driver tagged(AtomicInteger probes, AtomicInteger live, TestDrivers.Log log) {
        return TestDrivers.driver("bridge", b -> {
            int n = probes.incrementAndGet();
            for (String r : List.of("irq", "mmio", "state")) {
                live.incrementAndGet();
                b.devres().add(r + "#" + n, d -> {
                    live.decrementAndGet();
                    log.add("rel " + r + "#" + n);
                });
            }
        }, b -> log.add("remove"));
    }

    @Test
    void everyUnbindRebindCycleLeavesThePreviousBindingsResourcesOnTheList() {
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger live = new AtomicInteger();
        TestDrivers.Log log = new TestDrivers.Log();
        Bus bus = new Bus("platform");
        bus.setPolicy(DriverModelPolicy.RELEASE_AT_DELETION_ONLY);
        bus.registerDriver(tagged(probes, live, log));
        Device dev = bus.newDevice("bridge0");
        dev.add();

        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            dev.unbind();
            assertThat(dev.isBound()).as("cycle %d", cycle).isFalse();
            assertThat(dev.devres().size()).as("cycle %d: %d bindings' resources held after unbind", cycle, cycle)
                    .isEqualTo(3 * cycle);
            assertThat(live.get()).as("cycle %d", cycle).isEqualTo(3 * cycle);
            dev.bind();
            assertThat(dev.devres().size()).as("cycle %d: the new probe adds on top", cycle).isEqualTo(3 * (cycle + 1));
        }
        assertThat(log.snapshot()).as("unbind ran remove() every time, released nothing")
                .hasSize(CYCLES).containsOnly("remove");

        LeakReport report = dev.devresList().leakReport();
        assertThat(report.ownerName()).isEqualTo("bridge0");
        assertThat(report.entries()).hasSize(3 * (CYCLES + 1));
        assertThat(report.entries().get(0).name()).isEqualTo("irq#1");
        assertThat(report.entries().get(3 * CYCLES - 1).name()).isEqualTo("state#" + CYCLES);
        assertThat(report.toString()).startsWith("bridge0 still holds " + 3 * (CYCLES + 1) + " resources")
                .contains("irq#1", "state#" + CYCLES, "mmio#" + (CYCLES + 1));

        log.clear();
        dev.del();
        assertThat(live.get()).as("del releases every binding's resources").isZero();
        List<String> expected = new ArrayList<>();
        expected.add("remove");
        for (int n = CYCLES + 1; n >= 1; n--) {
            expected.addAll(List.of("rel state#" + n, "rel mmio#" + n, "rel irq#" + n));
        }
        assertThat(log.snapshot()).as("del: remove(), then every binding newest first").isEqualTo(expected);
        dev.put();
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void theSameCyclesUnderTheCurrentPolicyLeaveTheListEmpty() {
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger live = new AtomicInteger();
        Bus bus = new Bus("platform");
        bus.registerDriver(tagged(probes, live, new TestDrivers.Log()));
        Device dev = bus.newDevice("bridge0");
        dev.add();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            dev.unbind();
            assertThat(dev.devres().isEmpty()).as("cycle %d", cycle).isTrue();
            assertThat(dev.devresList().leakReport().isEmpty()).as("cycle %d", cycle).isTrue();
            dev.bind();
        }
        assertThat(live.get()).isEqualTo(3);
        dev.del();
        dev.put();
        assertThat(live.get()).isZero();
    }

    @Test
    void aFailedProbeKeepsWhatItAddedUntilDel() {
        TestDrivers.Log log = new TestDrivers.Log();
        Bus bus = new Bus("platform");
        bus.setPolicy(DriverModelPolicy.RELEASE_AT_DELETION_ONLY);
        bus.registerDriver(TestDrivers.driver("flaky", b -> {
            b.devres().add(log.action("clk"));
            b.devres().add(log.action("regulator"));
            throw new IllegalStateException("no firmware");
        }, b -> log.add("remove")));
        Device dev = bus.newDevice("flaky0");
        dev.add();
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.devres().names()).containsExactly("clk", "regulator");

        assertThatThrownBy(dev::bind).isInstanceOf(ProbeFailedException.class).hasMessage("bind of device 'flaky0' "
                + "failed: the probe of every matching driver failed; the device is unbound and its devres list was "
                + "kept (policy RELEASE_AT_DELETION_ONLY: released only at del)");
        assertThat(dev.devres().names()).as("two failed probes, two sets").containsExactly("clk", "regulator", "clk", "regulator");
        assertThat(log.snapshot()).isEmpty();

        dev.del();
        assertThat(log.snapshot()).containsExactly("rel regulator", "rel clk", "rel regulator", "rel clk");
        dev.put();
    }

    @Test
    void driverUnregisterRunsRemoveButKeepsTheListAndTheTraceShowsNoReleaseUntilDel() {
        TestDrivers.Log log = new TestDrivers.Log();
        Bus bus = new Bus("platform");
        bus.setPolicy(DriverModelPolicy.RELEASE_AT_DELETION_ONLY);
        List<String> trace = TestDrivers.trace(bus);
        Driver drv = TestDrivers.driver("bridge", b -> b.devres().add(log.action("irq")), b -> log.add("remove"));
        bus.registerDriver(drv);
        Device dev = bus.newDevice("bridge0");
        dev.add();
        bus.unregisterDriver(drv);
        assertThat(dev.isBound()).isFalse();
        assertThat(log.snapshot()).containsExactly("remove");
        assertThat(dev.devres().names()).containsExactly("irq");
        assertThat(trace).contains("UNBIND bridge0 bridge").noneMatch(l -> l.startsWith("REL "));

        dev.del();
        assertThat(log.snapshot()).containsExactly("remove", "rel irq");
        assertThat(trace).anyMatch(l -> l.startsWith("REL bridge0 irq"));
        dev.put();
    }
}
