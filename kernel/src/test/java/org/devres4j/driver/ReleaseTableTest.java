package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.devres4j.driver.TestDrivers.Log;
import org.junit.jupiter.api.Test;

/** One test per row of DESIGN.md's "When things are released" table (the driver-model rows). */
class ReleaseTableTest {

    private final Bus bus = new Bus("platform");
    private final Log log = new Log();

    private Driver recordingDriver(String name) {
        return TestDrivers.driver(name, b -> {
            log.add("probe " + b.name());
            b.devres().add("a", log.action("a"));
            b.devres().add("b", log.action("b"));
            b.devres().add("c", log.action("c"));
        }, b -> log.add("remove " + b.name()));
    }

    @Test
    void probeFailureReleasesTheDevresListLifo() {
        List<String> trace = TestDrivers.trace(bus);
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.devres().add("a", log.action("a"));
            b.devres().add("b", log.action("b"));
            b.devres().add("c", log.action("c"));
            throw new IllegalStateException("no firmware");
        }, b -> log.add("remove must not run")));
        Device dev = bus.newDevice("gpu0");
        dev.add();

        assertThat(log.snapshot()).containsExactly("rel c", "rel b", "rel a");
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.driver()).isEmpty();
        assertThat(dev.devres().isEmpty()).isTrue();
        assertThat(dev.lastProbeError()).get().extracting(Throwable::getMessage).isEqualTo("no firmware");
        assertThat(trace).containsExactly("DEVICE-ADD gpu0 gpu0", "ADD gpu0 a", "ADD gpu0 b", "ADD gpu0 c",
                "REL gpu0 c", "REL gpu0 b", "REL gpu0 a", "PROBE-FAIL gpu0 gpu");
    }

    @Test
    void explicitUnbindRunsRemoveThenDevresLifo() {
        bus.registerDriver(recordingDriver("gpu"));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        List<String> trace = TestDrivers.trace(bus);
        log.clear();

        dev.unbind();

        assertThat(log.snapshot()).containsExactly("remove gpu0", "rel c", "rel b", "rel a");
        assertThat(trace).containsExactly("REL gpu0 c", "REL gpu0 b", "REL gpu0 a", "UNBIND gpu0 gpu");
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.isRegistered()).isTrue();
        assertThat(dev.devres().isEmpty()).isTrue();
    }

    @Test
    void driverUnregisterUnbindsEveryBoundDeviceRemoveThenDevres() {
        Driver gpu = recordingDriver("gpu");
        bus.registerDriver(gpu);
        Device d0 = bus.newDevice("gpu0");
        Device d1 = bus.newDevice("gpu1");
        d0.add();
        d1.add();
        log.clear();

        bus.unregisterDriver(gpu);

        assertThat(log.snapshot()).containsExactly("remove gpu0", "rel c", "rel b", "rel a",
                "remove gpu1", "rel c", "rel b", "rel a");
        assertThat(d0.isBound()).isFalse();
        assertThat(d1.isBound()).isFalse();
        assertThat(bus.drivers()).isEmpty();
    }

    @Test
    void delOfBoundDeviceUnbindsThenReleasesDevresAgain() {
        // an action that registers another during the unbind's release: that one lands in del's release
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            Device d = b.device();
            b.devres().add("a", log.action("a"));
            b.devres().add("adds-late", x -> {
                log.add("rel adds-late");
                d.devres().add("late", log.action("late"));
            });
        }, b -> log.add("remove " + b.name())));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        List<String> trace = TestDrivers.trace(bus);

        dev.del();

        assertThat(log.snapshot()).containsExactly("remove gpu0", "rel adds-late", "rel a", "rel late");
        assertThat(trace).containsExactly("REL gpu0 adds-late", "ADD gpu0 late", "REL gpu0 a", "UNBIND gpu0 gpu",
                "REL gpu0 late", "DEVICE-DEL gpu0 gpu0");
        assertThat(dev.isDeleted()).isTrue();
        assertThat(bus.device("gpu0")).isEmpty();
        assertThat(dev.refCount()).isEqualTo(1); // the creator's reference
    }

    @Test
    void delOfDriverlessDeviceReleasesItsDevresList() {
        Device dev = bus.newDevice("virt0");
        dev.add();
        dev.devres().add("x", log.action("x"));
        dev.devres().add("y", log.action("y"));

        dev.del();

        assertThat(log.snapshot()).containsExactly("rel y", "rel x");
        assertThat(dev.devres().isEmpty()).isTrue();
    }

    @Test
    void delDeletesChildrenFirstNewestFirst() {
        bus.registerDriver(recordingDriver("child"));
        Device parent = bus.newDevice("host");
        parent.add();
        parent.devres().add("host-res", log.action("host-res"));
        Device c0 = bus.newDevice("child0", parent);
        Device c1 = bus.newDevice("child1", parent);
        c0.add();
        c1.add();
        log.clear();

        parent.del();

        assertThat(log.snapshot()).containsExactly(
                "remove child1", "rel c", "rel b", "rel a",
                "remove child0", "rel c", "rel b", "rel a",
                "rel host-res");
        assertThat(c0.isDeleted()).isTrue();
        assertThat(c1.isDeleted()).isTrue();
        assertThat(bus.devices()).isEmpty();
    }

    @Test
    void lastPutReleasesDevresOnceMoreThenFreesAndDropsParent() {
        Device parent = bus.newDevice("host");
        Device dev = bus.newDevice("virt0", parent);
        assertThat(parent.refCount()).isEqualTo(2);
        parent.add();
        dev.add();
        dev.del();
        dev.devres().add("added-after-del", log.action("added-after-del"));
        List<String> trace = TestDrivers.trace(bus);

        dev.put();

        assertThat(log.snapshot()).containsExactly("rel added-after-del");
        assertThat(trace).containsExactly("REL virt0 added-after-del", "DEVICE-FREE virt0 virt0");
        assertThat(dev.isFreed()).isTrue();
        assertThat(dev.refCount()).isZero();
        assertThat(dev.devres().isClosed()).isTrue();
        assertThat(parent.refCount()).isEqualTo(2); // creator + bus; the child's reference is gone
        assertThatThrownBy(() -> dev.devres().add("too-late", log.action("too-late")))
                .hasMessageContaining("virt0");
        assertThat(bus.liveDevices()).containsExactly(parent);
    }

    @Test
    void lastPutOfNeverAddedDeviceReleasesItsList() {
        Device dev = bus.newDevice("lonely");
        dev.devres().add("x", log.action("x"));
        dev.devres().add("y", log.action("y"));

        dev.put();

        assertThat(log.snapshot()).containsExactly("rel y", "rel x");
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void aFailingActionDoesNotStopTheRestAndIsReportedWithDeviceAndActionName() {
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.devres().add("a", log.action("a"));
            b.devres().add("broken", d -> {
                throw new IllegalStateException("boom");
            });
            b.devres().add("c", log.action("c"));
        }, b -> {
            log.add("remove");
            throw new IllegalStateException("remove boom");
        }));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        List<String> trace = TestDrivers.trace(bus);

        assertThatThrownBy(dev::unbind)
                .isInstanceOf(DeviceTeardownException.class)
                .hasMessageContaining("unbind of device 'gpu0' completed, but 2 steps failed")
                .hasMessageContaining("device 'gpu0', remove() of driver 'gpu'")
                .hasMessageContaining("device 'gpu0', devres action 'broken'")
                .satisfies(e -> assertThat(((DeviceTeardownException) e).failures()).hasSize(2));
        assertThat(log.snapshot()).containsExactly("remove", "rel c", "rel a");
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.devres().isEmpty()).isTrue();
        assertThat(trace).contains("FAIL gpu0 broken", "UNBIND gpu0 gpu");
    }

    @Test
    void delCompletesAndReportsAFailingChildTeardown() {
        bus.registerDriver(TestDrivers.driver("child", b -> b.devres().add("child-res", d -> {
            throw new IllegalStateException("child boom");
        }), b -> log.add("remove " + b.name())));
        Device parent = bus.newDevice("host");
        parent.add();
        parent.devres().add("host-res", log.action("host-res"));
        Device child = bus.newDevice("child0", parent);
        child.add();

        assertThatThrownBy(parent::del).isInstanceOf(DeviceTeardownException.class)
                .hasMessageStartingWith("del of device 'host' completed, but 1 step failed")
                .hasMessageContaining("device 'child0', devres action 'child-res'")
                .hasMessageContaining("child boom");
        assertThat(log.snapshot()).containsExactly("remove child0", "rel host-res");
        assertThat(child.isDeleted()).isTrue();
        assertThat(parent.isDeleted()).isTrue();
        assertThat(bus.devices()).isEmpty();
    }

    @Test
    void lastPutCompletesAndReportsAFailingAction() {
        Device parent = bus.newDevice("host");
        Device dev = bus.newDevice("virt0", parent);
        dev.devres().add("ok", log.action("ok"));
        dev.devres().add("bad", d -> {
            throw new IllegalStateException("put boom");
        });

        assertThatThrownBy(dev::put).isInstanceOf(DeviceTeardownException.class)
                .hasMessageStartingWith("last put of device 'virt0' completed, but 1 step failed")
                .hasMessageContaining("device 'virt0', devres action 'bad'");
        assertThat(log.snapshot()).containsExactly("rel ok");
        assertThat(dev.isFreed()).isTrue();
        assertThat(parent.refCount()).isEqualTo(1);
    }

    @Test
    void unregisterDriverUnbindsEveryDeviceEvenWhenOneTeardownFails() {
        Driver gpu = TestDrivers.driver("gpu", b -> {
            String n = b.name();
            b.devres().add("res-" + n, d -> {
                log.add("rel res-" + n);
                if (n.equals("gpu0")) {
                    throw new IllegalStateException("boom " + n);
                }
            });
        }, b -> log.add("remove " + b.name()));
        bus.registerDriver(gpu);
        Device d0 = bus.newDevice("gpu0");
        Device d1 = bus.newDevice("gpu1");
        d0.add();
        d1.add();

        assertThatThrownBy(() -> bus.unregisterDriver(gpu)).isInstanceOf(DeviceTeardownException.class)
                .hasMessageStartingWith("unregisterDriver 'gpu' on bus 'platform' completed, but 1 step failed")
                .hasMessageContaining("device 'gpu0', devres action 'res-gpu0'");
        assertThat(log.snapshot()).containsExactly("remove gpu0", "rel res-gpu0", "remove gpu1", "rel res-gpu1");
        assertThat(d0.isBound()).isFalse();
        assertThat(d1.isBound()).isFalse();
        assertThat(bus.drivers()).isEmpty();
    }
}
