package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.devres4j.core.Group;
import org.devres4j.core.LeakReport;
import org.junit.jupiter.api.Test;

/**
 * Seed 003: a driverless (virtual) device, and an object that holds a reference on it and is itself
 * released by a devres action on that device — drm_device → struct device → devres → drm_device.
 */
class ReferenceLoopTest {

    /** Stands in for the drm_device of seed 003: holds a reference on its device until released. */
    static final class Holder {
        final Device dev;
        boolean released;

        Holder(Device dev) {
            dev.get();
            this.dev = dev;
        }

        void release() {
            released = true;
            dev.put();
        }
    }

    private static Holder buildLoop(Device dev) {
        Holder h = new Holder(dev);
        dev.devres().add("drm-dev-put", d -> h.release());
        return h;
    }

    @Test
    void currentPolicyDelBreaksTheLoopAndEverythingIsReleased() {
        Bus bus = new Bus("virtual");
        Device dev = bus.newDevice("vkms");
        dev.add();
        Holder h = buildLoop(dev);

        dev.del();
        dev.put(); // device_unregister = del + put

        assertThat(h.released).isTrue();
        assertThat(dev.isFreed()).isTrue();
        assertThat(bus.liveDevices()).isEmpty();
        assertThat(bus.leakReport()).isEmpty();
    }

    @Test
    void legacy2020PolicyLeaksTheLoopAndTheLeakReportNamesIt() {
        Bus bus = new Bus("virtual");
        bus.setPolicy(DriverModelPolicy.LEGACY_2020);
        Device dev = bus.newDevice("vkms");
        dev.add();
        Holder h = buildLoop(dev);

        dev.del();
        dev.put();

        assertThat(h.released).isFalse();
        assertThat(dev.isFreed()).isFalse();
        assertThat(dev.refCount()).isEqualTo(1); // the holder's reference, which only devres would drop
        List<LeakReport> leaks = bus.leakReport();
        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0).ownerName()).contains("vkms").contains("deleted").contains("refcount 1");
        assertThat(leaks.get(0).entries()).extracting(LeakReport.Entry::name).containsExactly("drm-dev-put");
        assertThat(leaks.get(0).toString()).contains("drm-dev-put");
    }

    @Test
    void legacy2020PolicyStillReleasesAtUnbindForADeviceWithADriver() {
        Bus bus = new Bus("platform");
        bus.setPolicy(DriverModelPolicy.LEGACY_2020);
        Holder[] h = new Holder[1];
        bus.registerDriver(TestDrivers.driver("vkms", b -> h[0] = buildLoop(b.device()), b -> { }));
        Device dev = bus.newDevice("vkms");
        dev.add();

        dev.del();
        dev.put();

        assertThat(h[0].released).isTrue();
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void aFauxDeviceBreaksTheLoopEvenUnderTheLegacyPolicy() {
        Bus bus = new Bus("faux");
        bus.setPolicy(DriverModelPolicy.LEGACY_2020);
        Holder[] h = new Holder[1];
        FauxDevice faux = FauxDevice.create(bus, "vkms", b -> h[0] = buildLoop(b.device()), null);

        faux.destroy();

        assertThat(h[0].released).isTrue();
        assertThat(faux.device().isFreed()).isTrue();
        assertThat(bus.leakReport()).isEmpty();
    }

    @Test
    void aDevresGroupReleasedBeforeDelBreaksTheLoopUnderTheLegacyPolicy() {
        Bus bus = new Bus("virtual");
        bus.setPolicy(DriverModelPolicy.LEGACY_2020);
        Device dev = bus.newDevice("vkms");
        dev.add();
        Group g = dev.devres().openGroup();
        Holder h = buildLoop(dev);
        dev.devres().closeGroup(g);

        dev.devres().releaseGroup(g);
        dev.del();
        dev.put();

        assertThat(h.released).isTrue();
        assertThat(dev.isFreed()).isTrue();
    }
}
