package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every refusal names the device and the rule, and leaves the state as it was. */
class BadInputTest {

    private final Bus bus = new Bus("platform");
    private final Driver gpu = TestDrivers.driver("gpu", b -> b.devres().add("res", d -> { }), b -> { });

    @Test
    void addOfADeletedDeviceIsRefused() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.del();
        assertThatThrownBy(dev::add).isInstanceOf(IllegalStateException.class)
                .hasMessage("add of device 'gpu0' refused: it was deleted — a deleted device cannot be added again; "
                        + "create a new one");
        assertThat(dev.isDeleted()).isTrue();
        assertThat(bus.device("gpu0")).isEmpty();
        assertThat(dev.refCount()).isEqualTo(1);
    }

    @Test
    void bindAndUnbindOfADeletedDeviceAreRefused() {
        bus.registerDriver(gpu);
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.del();
        assertThatThrownBy(dev::bind).hasMessage("bind of device 'gpu0' refused: it was deleted — a deleted device "
                + "cannot be used again");
        assertThatThrownBy(dev::unbind).hasMessage("unbind of device 'gpu0' refused: it was deleted — a deleted device "
                + "cannot be used again");
        assertThat(dev.isBound()).isFalse();
    }

    @Test
    void deletingTwiceIsRefused() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.del();
        assertThatThrownBy(dev::del).hasMessage("del of device 'gpu0' refused: it was already deleted — a device is "
                + "deleted once");
        assertThat(dev.refCount()).isEqualTo(1);
    }

    @Test
    void delOfANeverAddedDeviceIsRefused() {
        Device dev = bus.newDevice("gpu0");
        assertThatThrownBy(dev::del).hasMessage("del of device 'gpu0' refused: it was never added");
        assertThat(dev.isDeleted()).isFalse();
        assertThat(dev.refCount()).isEqualTo(1);
    }

    @Test
    void aFreedDeviceCannotBeUsed() {
        Device dev = bus.newDevice("gpu0");
        dev.put();
        assertThatThrownBy(dev::add).hasMessageStartingWith("add of device 'gpu0' refused: the device was freed");
        assertThatThrownBy(dev::get).hasMessageStartingWith("get on device 'gpu0' refused: it was freed");
        assertThat(bus.device("gpu0")).isEmpty();
        assertThat(dev.refCount()).isZero();
    }

    @Test
    void aChildOfADeletedParentIsRefused() {
        Device parent = bus.newDevice("host");
        parent.add();
        parent.del();
        assertThatThrownBy(() -> bus.newDevice("child", parent))
                .hasMessage("newDevice 'child' refused: its parent 'host' was deleted — a deleted device cannot take "
                        + "children");
        assertThat(parent.refCount()).isEqualTo(1);
    }

    @Test
    void aChildCannotBeAddedUnderAParentThatIsNotAdded() {
        Device parent = bus.newDevice("host");
        Device child = bus.newDevice("child", parent);
        assertThatThrownBy(child::add).hasMessage("add of device 'child' refused: its parent 'host' is not added (NEW) "
                + "— a child is added under an added parent");
        assertThat(child.isRegistered()).isFalse();
        assertThat(bus.devices()).isEmpty();
        assertThat(child.refCount()).isEqualTo(1);
    }

    @Test
    void aParentOnAnotherBusIsRefused() {
        Device parent = new Bus("usb").newDevice("hub");
        assertThatThrownBy(() -> bus.newDevice("child", parent)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newDevice 'child' refused: its parent 'hub' is on bus 'usb', not on 'platform'");
        assertThat(parent.refCount()).isEqualTo(1);
    }

    @Test
    void bindingTwiceIsRefused() {
        bus.registerDriver(gpu);
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(dev::bind).hasMessage("bind of device 'gpu0' refused: it is already bound to driver 'gpu' — a "
                + "device is bound to at most one driver; unbind it first");
        assertThat(dev.driver()).containsSame(gpu);
        assertThat(dev.devres().names()).containsExactly("res");
    }

    @Test
    void unbindOfAnUnboundDeviceIsRefused() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(dev::unbind).hasMessage("unbind of device 'gpu0' refused: it is not bound to a driver");
        Device fresh = bus.newDevice("gpu1");
        assertThatThrownBy(fresh::unbind).hasMessage("unbind of device 'gpu1' refused: it was never added — add() it first");
    }

    @Test
    void bindWithoutAMatchingDriverIsRefused() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(dev::bind).isInstanceOf(NoMatchingDriverException.class)
                .hasMessage("bind of device 'gpu0' refused: no registered driver matches it (bus 'platform'; sysfs "
                        + "bind answers ENODEV) — register a matching driver first; the device stays added and unbound")
                .satisfies(e -> assertThat(((NoMatchingDriverException) e).deviceName()).isEqualTo("gpu0"));
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.isRegistered()).as("state unchanged: still added").isTrue();
        bus.registerDriver(TestDrivers.driver("gpu", b -> { }, b -> { }));
        assertThat(dev.isBound()).as("the new driver's registration probes it").isTrue();
    }

    @Test
    void explicitBindReportsAProbeFailure() {
        AtomicInteger released = new AtomicInteger();
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.devres().add("res", d -> released.incrementAndGet());
            throw new IllegalStateException("no firmware");
        }, b -> { }));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(dev::bind).isInstanceOf(ProbeFailedException.class)
                .hasMessageStartingWith("bind of device 'gpu0' failed: the probe of every matching driver failed")
                .hasRootCauseMessage("no firmware");
        assertThat(released.get()).isEqualTo(2); // once at add, once at bind
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.devres().isEmpty()).isTrue();
    }

    @Test
    void unregisteringAnUnknownDriverIsRefused() {
        bus.registerDriver(gpu);
        Driver other = TestDrivers.driver("other", b -> { }, b -> { });
        assertThatThrownBy(() -> bus.unregisterDriver(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unregisterDriver refused: driver 'other' is not registered on bus 'platform'");
        assertThat(bus.drivers()).containsExactly(gpu);
    }

    @Test
    void registeringADriverTwiceOrADuplicateNameIsRefused() {
        bus.registerDriver(gpu);
        assertThatThrownBy(() -> bus.registerDriver(gpu)).hasMessage("registerDriver refused: driver 'gpu' is already "
                + "registered on bus 'platform' — a driver is registered once");
        Driver twin = TestDrivers.driver("gpu", b -> { }, b -> { });
        assertThatThrownBy(() -> bus.registerDriver(twin)).hasMessage("registerDriver refused: bus 'platform' already "
                + "has a driver named 'gpu' — driver names are unique per bus");
        assertThat(bus.drivers()).containsExactly(gpu);
    }

    @Test
    void putBelowZeroIsRefusedAndTheCountStaysZero() {
        Device dev = bus.newDevice("gpu0");
        dev.put();
        assertThatThrownBy(dev::put).isInstanceOf(IllegalStateException.class)
                .hasMessage("put on device 'gpu0' refused: its reference count is already 0 — each reference can be "
                        + "dropped only once (count stays 0)");
        assertThat(dev.refCount()).isZero();
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void addingTwiceIsRefused() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(dev::add).hasMessage("add of device 'gpu0' refused: it was already added — a device is added once");
        assertThat(dev.refCount()).isEqualTo(2);
        assertThat(bus.devices()).containsExactly(dev);
    }

    @Test
    void aDuplicateNameIsAnEexistStyleError() {
        Device first = bus.newDevice("card0");
        first.add();
        Device second = bus.newDevice("card0");
        assertThatThrownBy(second::add).isInstanceOf(DeviceExistsException.class)
                .hasMessage("add of device 'card0' refused: bus 'platform' already has a device named 'card0' (EEXIST) "
                        + "— names are unique per bus until the old device is deleted");
        assertThat(second.isRegistered()).isFalse();
        assertThat(second.refCount()).isEqualTo(1);
        assertThat(bus.device("card0")).containsSame(first);
        // after del the name is free again (seed 004's re-probe)
        first.del();
        second.add();
        assertThat(bus.device("card0")).containsSame(second);
    }

    @Test
    void aNullOrBlankNameIsRefused() {
        assertThatThrownBy(() -> bus.newDevice(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("newDevice: the device name must not be null");
        assertThatThrownBy(() -> bus.newDevice(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newDevice: the device name must not be blank");
        assertThat(bus.liveDevices()).isEmpty();
    }

    @Test
    void aBoundDeviceCannotBeUsedAfterItsBindingEnded() {
        BoundDevice[] kept = new BoundDevice[1];
        bus.registerDriver(TestDrivers.driver("gpu", b -> kept[0] = b, b -> { }));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThat(kept[0].isValid()).isTrue();
        dev.unbind();
        assertThat(kept[0].isValid()).isFalse();
        assertThat(kept[0].name()).isEqualTo("gpu0");
        assertThatThrownBy(kept[0]::devres).isInstanceOf(IllegalStateException.class)
                .hasMessage("devres() on the bound device 'gpu0' (driver 'gpu') refused: that binding has ended — a "
                        + "BoundDevice may be used only between probe and the end of its unbind");
        assertThatThrownBy(() -> kept[0].requireValid("mmio read")).hasMessageStartingWith("mmio read on the bound device 'gpu0'");
    }

    @Test
    void aFauxDeviceCannotBeUnboundOrBoundByHand() {
        FauxDevice faux = FauxDevice.create(bus, "vkms", null, null);
        assertThatThrownBy(faux.device()::unbind).hasMessage("unbind of device 'vkms' refused: it is a faux device, "
                + "which cannot be bound or unbound by hand — use FauxDevice.destroy()");
        assertThatThrownBy(faux.device()::bind).hasMessageStartingWith("bind of device 'vkms' refused: it is a faux device");
        assertThat(faux.device().isBound()).isTrue();
        faux.destroy();
        assertThatThrownBy(faux::destroy).hasMessage("destroy of faux device 'vkms' refused: it was already destroyed — "
                + "a faux device is destroyed once");
        assertThat(faux.device().isFreed()).isTrue();
    }

    @Test
    void strictDevresRefusesAnUnboundDeviceAndChangesNothing() {
        bus.setStrictDevres(true);
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(() -> dev.devres().add("res", d -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage("devres add of 'res' on device 'gpu0' refused: strict devres mode is on and the device is not "
                        + "bound to a driver — only a bound device takes devres (Rust-for-Linux Device<Bound>)");
        assertThatThrownBy(() -> dev.devres().alloc("v", Object::new)).hasMessageContaining("strict devres mode");
        assertThatThrownBy(() -> dev.devres().openGroup()).hasMessageContaining("strict devres mode");
        assertThat(dev.devres().isEmpty()).isTrue();
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> dev.devres().addOrReset("reset", d -> ran.incrementAndGet()))
                .hasMessageContaining("strict devres mode");
        assertThat(ran.get()).as("addOrReset runs the refused action at once").isEqualTo(1);
        assertThat(dev.devres().isEmpty()).isTrue();
    }

    @Test
    void putCannotDropTheBusReferenceOfAnAddedDevice() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.put(); // the creator's reference; the bus still holds its own
        assertThatThrownBy(dev::put).isInstanceOf(IllegalStateException.class)
                .hasMessage("put on device 'gpu0' refused: the only reference left is the bus's, held while the device "
                        + "is added — del() drops it (count stays 1)");
        assertThat(dev.refCount()).isEqualTo(1);
        assertThat(dev.isFreed()).isFalse();
        dev.del(); // drops the bus's reference: freed
        assertThat(dev.isFreed()).isTrue();
    }
}
