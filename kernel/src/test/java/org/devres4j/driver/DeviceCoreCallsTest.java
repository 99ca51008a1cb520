package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.devres4j.core.UseAfterFreeException;
import org.devres4j.driver.TestDrivers.Log;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.junit.jupiter.api.Test;

/**
 * The device-core calls, each against what {@code drivers/base/core.c}, {@code dd.c} and {@code bus.c}
 * document: {@code device_unregister}, driver data, {@code root_device_register}, and the explicit
 * binds ({@code device_driver_attach}, sysfs {@code bind}/{@code unbind}) with their errnos.
 */
class DeviceCoreCallsTest {

    private final Bus bus = new Bus("platform");
    private final Log log = new Log();

    private static void errno(Throwable t, Errno expected) {
        assertThat(t).isInstanceOf(ErrnoException.class);
        assertThat(((ErrnoException) t).errno()).isEqualTo(expected);
    }

    // ------------------------------------------------------------------ device_unregister

    @Test
    void unregisterIsDelThenPutInOneCall() {
        bus.registerDriver(TestDrivers.driver("gpu", b -> b.devres().add(log.action("mmio")), b -> log.add("remove")));
        Device parent = bus.newDevice("gpu0");
        parent.add();
        Device child = bus.newDevice("audio0", parent); // no driver matches it
        child.add();
        child.put(); // the parent's del deletes it; its last reference goes with that
        parent.unregister();

        assertThat(log.snapshot()).as("remove(), then the devres list").containsExactly("remove", "rel mmio");
        assertThat(parent.isDeleted()).isTrue();
        assertThat(parent.isFreed()).as("the creator's reference was the last").isTrue();
        assertThat(child.isFreed()).isTrue();
        assertThat(bus.liveDevices()).isEmpty();
    }

    @Test
    void unregisterWithAnotherReferenceHeldDeletesButDoesNotFree() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.get();
        dev.unregister();
        assertThat(dev.isDeleted()).isTrue();
        assertThat(dev.isFreed()).isFalse();
        assertThat(dev.refCount()).isEqualTo(1);
        dev.put();
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void unregisterOfANeverAddedDeviceIsRefusedAndKeepsTheCallersReference() {
        Device dev = bus.newDevice("gpu0");
        assertThatThrownBy(dev::unregister).isInstanceOf(IllegalStateException.class)
                .hasMessage("unregister of device 'gpu0' refused: it was never added");
        assertThat(dev.refCount()).isEqualTo(1);
        dev.put(); // the caller's reference is still there to drop
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void unregisterTwiceIsRefusedWithTheCountUnchanged() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.get();
        dev.unregister();
        assertThatThrownBy(dev::unregister).isInstanceOf(IllegalStateException.class)
                .hasMessage("unregister of device 'gpu0' refused: it was already deleted — a device is deleted once");
        assertThat(dev.refCount()).isEqualTo(1);
        assertThat(dev.isFreed()).isFalse();
        dev.put();
    }

    @Test
    void unregisterWithoutAReferenceOfTheCallersOwnIsRefused() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.put(); // only the bus's reference is left
        assertThatThrownBy(dev::unregister).isInstanceOf(IllegalStateException.class)
                .hasMessage("unregister on device 'gpu0' refused: the only reference left is the bus's, held while the "
                        + "device is added — del() drops it (count stays 1)");
        assertThat(dev.isRegistered()).as("nothing changed").isTrue();
        assertThat(dev.refCount()).isEqualTo(1);
        dev.del();
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void unregisterOfAFauxOrFreedDeviceIsRefused() {
        FauxDevice faux = FauxDevice.create(bus, "faux0", null, null);
        assertThatThrownBy(() -> faux.device().unregister()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("unregister of device 'faux0' refused: it is a faux device");
        assertThat(faux.device().isRegistered()).isTrue();
        faux.destroy();

        Device dev = bus.newDevice("gpu0");
        dev.put();
        assertThatThrownBy(dev::unregister).isInstanceOf(UseAfterFreeException.class)
                .hasMessageStartingWith("unregister of device 'gpu0' refused: the device was freed");
    }

    @Test
    void unregisterReportsTeardownFailuresAfterCompletingDelAndPut() {
        bus.registerDriver(TestDrivers.driver("gpu", b -> b.devres().add("broken", d -> {
            throw new IllegalStateException("boom");
        }), b -> { }));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(dev::unregister).isInstanceOf(DeviceTeardownException.class)
                .hasMessageContaining("unregister of device 'gpu0'").hasMessageContaining("broken");
        assertThat(dev.isFreed()).as("the put ran after the failing del").isTrue();
    }

    // ------------------------------------------------------------------ driver data

    @Test
    void driverDataLivesFromProbeUntilAfterTheUnbindsDevresRelease() {
        List<Object> seenInRemove = new ArrayList<>();
        List<Object> seenInRelease = new ArrayList<>();
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.device().setDriverData("priv");
            b.devres().add("reads drvdata", d -> seenInRelease.add(d.driverData().orElse(null)));
        }, b -> seenInRemove.add(b.device().driverData(String.class).orElse(null))));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThat(dev.driverData(String.class)).contains("priv");

        dev.unbind();
        assertThat(seenInRemove).containsExactly("priv");
        assertThat(seenInRelease).as("device_unbind_cleanup clears it after the devres release").containsExactly("priv");
        assertThat(dev.driverData()).as("cleared at the end of the binding").isEmpty();
    }

    @Test
    void driverDataIsClearedAfterAFailedOrDeferredProbe() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.device().setDriverData("half-made");
            throw new IllegalStateException("probe fails");
        }, b -> { }));
        assertThat(dev.isBound()).isFalse();
        assertThat(dev.driverData()).isEmpty();

        Device other = bus.newDevice("npu0");
        other.add();
        bus.registerDriver(TestDrivers.driver("npu", b -> {
            b.device().setDriverData("waiting");
            throw new ProbeDeferredException("supplier missing");
        }, b -> { }));
        assertThat(other.isProbeDeferred()).isTrue();
        assertThat(other.driverData()).isEmpty();
    }

    @Test
    void aDeviceNoDriverBindsKeepsItsDriverDataAndAWrongTypeIsNamed() {
        Device dev = bus.newDevice("gpu0");
        dev.setDriverData(42);
        dev.add();
        assertThat(dev.driverData()).contains(42);
        assertThatThrownBy(() -> dev.driverData(String.class)).isInstanceOf(ClassCastException.class)
                .hasMessage("driverData of device 'gpu0': it holds a java.lang.Integer, not a java.lang.String");
        assertThatThrownBy(() -> dev.driverData(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("driverData of device 'gpu0': the type must not be null");
        dev.setDriverData(null);
        assertThat(dev.driverData()).isEmpty();
        dev.unregister();
        assertThatThrownBy(() -> dev.setDriverData("late")).isInstanceOf(UseAfterFreeException.class)
                .hasMessageStartingWith("setDriverData of device 'gpu0' refused: the device was freed");
    }

    @Test
    void hasDriverIsTrueFromTheStartOfTheProbeToTheEndOfTheUnbind() {
        AtomicReference<Boolean> inProbe = new AtomicReference<>();
        AtomicReference<Boolean> boundInProbe = new AtomicReference<>();
        AtomicReference<Boolean> inRemove = new AtomicReference<>();
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            inProbe.set(b.device().hasDriver());
            boundInProbe.set(b.device().isBound());
        }, b -> inRemove.set(b.device().hasDriver())));
        Device dev = bus.newDevice("gpu0");
        assertThat(dev.hasDriver()).isFalse();
        dev.add();
        assertThat(inProbe.get()).as("dev->driver is set before probe").isTrue();
        assertThat(boundInProbe.get()).as("bound only once the probe returned").isFalse();
        assertThat(dev.hasDriver()).isTrue();
        dev.unbind();
        assertThat(inRemove.get()).isTrue();
        assertThat(dev.hasDriver()).isFalse();
    }

    // ------------------------------------------------------------------ root devices

    @Test
    void aRootDeviceIsNeverBoundAndItsDevresGoesAtUnregister() {
        Driver greedy = new Driver() {
            @Override
            public String name() {
                return "greedy";
            }

            @Override
            public boolean matches(Device d) {
                return true;
            }

            @Override
            public void probe(BoundDevice dev) {
                log.add("probe " + dev.name());
            }
        };
        bus.registerDriver(greedy);
        Device root = bus.registerRootDevice("kunit-root");
        assertThat(root.isRoot()).isTrue();
        assertThat(root.isRegistered()).isTrue();
        assertThat(root.isBound()).isFalse();
        bus.rescan();
        assertThat(log.snapshot()).as("no driver matches a root device, not even at a rescan").isEmpty();
        assertThatThrownBy(root::bind).isInstanceOf(IllegalStateException.class)
                .hasMessage("bind of device 'kunit-root' refused: it is a root device (root_device_register), which no "
                        + "driver binds — unregister() ends it");
        assertThatThrownBy(() -> root.bind(greedy)).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessageContaining("it is a root device");
        assertThatThrownBy(() -> bus.bind("greedy", "kunit-root")).satisfies(t -> errno(t, Errno.ENODEV));

        Device child = bus.newDevice("test-dev", root);
        child.add(); // the greedy driver binds the child: children are ordinary devices
        assertThat(child.isBound()).isTrue();
        root.devres().add(log.action("a"));
        root.devres().add(log.action("b"));
        child.put();
        root.unregister();
        assertThat(log.snapshot()).containsExactly("probe test-dev", "rel b", "rel a");
        assertThat(root.isFreed()).isTrue();
        assertThat(child.isFreed()).isTrue();
    }

    @Test
    void underTheLegacyPolicyARootDevicesDevresWaitsForItsLastPut() {
        bus.setPolicy(DriverModelPolicy.LEGACY_2020);
        Device root = bus.registerRootDevice("root0");
        root.devres().add(log.action("x"));
        root.get();
        root.unregister();
        assertThat(log.snapshot()).as("2020: no devres release at device_del of a driverless device").isEmpty();
        root.put();
        assertThat(log.snapshot()).containsExactly("rel x");
    }

    @Test
    void aRootDeviceWithATakenNameIsRefusedAndNothingIsKept() {
        Device first = bus.registerRootDevice("root0");
        assertThatThrownBy(() -> bus.registerRootDevice("root0")).isInstanceOf(DeviceExistsException.class)
                .hasMessageContaining("bus 'platform' already has a device named 'root0'");
        assertThat(bus.liveDevices()).containsExactly(first);
        first.unregister();
    }

    // ------------------------------------------------------------------ device_driver_attach, sysfs bind / unbind

    @Test
    void bindToANamedDriverProbesThatDriverOnlyWithoutAskingTheMatch() {
        bus.registerDriver(TestDrivers.driver("gpu", b -> log.add("gpu probes " + b.name()), b -> { }));
        Driver generic = TestDrivers.driver("generic", b -> log.add("generic probes " + b.name()), b -> { });
        bus.registerDriver(generic);
        Device dev = bus.newDevice("gpu0");
        dev.add(); // binding by match: gpu
        dev.unbind();
        dev.bind(generic); // device_driver_attach: the caller's choice, not a match
        assertThat(log.snapshot()).containsExactly("gpu probes gpu0", "generic probes gpu0");
        assertThat(dev.driver()).containsSame(generic);
    }

    @Test
    void bindToADeviceThatAlreadyHasADriverIsEbusy() {
        Driver gpu = TestDrivers.driver("gpu", b -> { }, b -> { });
        Driver other = TestDrivers.driver("other", b -> log.add("other"), b -> { });
        bus.registerDriver(gpu);
        bus.registerDriver(other);
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(() -> dev.bind(other)).satisfies(t -> errno(t, Errno.EBUSY))
                .hasMessage("EBUSY: bind of device 'gpu0' to driver 'other' refused: it already has driver 'gpu' — a "
                        + "device is bound to at most one driver; unbind it first (nothing changed)");
        assertThat(dev.driver()).containsSame(gpu);
        assertThat(log.snapshot()).isEmpty();
    }

    @Test
    void bindOfAnUnaddedOrDeletedDeviceOrToAnUnregisteredDriverIsEnodev() {
        Driver gpu = TestDrivers.driver("gpu", b -> log.add("probe"), b -> { });
        Device fresh = bus.newDevice("gpu0");
        assertThatThrownBy(() -> fresh.bind(gpu)).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessageContaining("the device is not added (it was never added)");
        fresh.add();
        assertThatThrownBy(() -> fresh.bind(gpu)).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessageContaining("that driver is not registered on bus 'platform'");
        bus.registerDriver(TestDrivers.driver("npu", b -> { }, b -> { }));
        fresh.del();
        assertThatThrownBy(() -> fresh.bind(gpu)).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessageContaining("(it was deleted)");
        assertThatThrownBy(() -> fresh.bind(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("bind of device 'gpu0': the driver must not be null");
        assertThat(log.snapshot()).isEmpty();
        assertThat(fresh.isBound()).isFalse();
    }

    @Test
    void aDeferredExplicitBindIsEagainAndLeavesTheDeviceOnTheDeferredList() {
        Driver waits = TestDrivers.driver("waits", b -> {
            b.devres().add(log.action("half"));
            throw new ProbeDeferredException("clock not there yet");
        }, b -> { });
        bus.registerDriver(waits);
        Device dev = bus.newDevice("other0");
        dev.add(); // "waits" does not match "other0": unbound
        assertThatThrownBy(() -> dev.bind(waits)).satisfies(t -> errno(t, Errno.EAGAIN))
                .hasMessageContaining("the probe deferred");
        assertThat(dev.isProbeDeferred()).isTrue();
        assertThat(log.snapshot()).as("the deferred probe's devres was released").containsExactly("rel half");
    }

    @Test
    void aFailedExplicitBindIsAProbeFailure() {
        Driver broken = TestDrivers.driver("broken", b -> {
            throw new IllegalStateException("no chip");
        }, b -> { });
        bus.registerDriver(broken);
        Device dev = bus.newDevice("x0");
        dev.add();
        assertThatThrownBy(() -> dev.bind(broken)).isInstanceOf(ProbeFailedException.class)
                .hasMessage("bind of device 'x0' failed: the probe of driver 'broken' failed; the device is unbound and its "
                        + "devres list was released")
                .hasRootCauseMessage("no chip");
        assertThat(dev.hasDriver()).isFalse();
    }

    @Test
    void sysfsBindFindsBothByNameAndRefusesWhatBindStoreRefuses() {
        Driver gpu = TestDrivers.driver("gpu", b -> log.add("probe " + b.name()), b -> log.add("remove " + b.name()));
        Device net = bus.newDevice("net0");
        net.add();
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(() -> bus.bind("gpu", "gpu0")).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessage("ENODEV: bind of 'gpu0' with driver 'gpu' on bus 'platform' refused: no driver of that name is registered");
        bus.registerDriver(gpu); // binds gpu0 by match
        dev.unbind();
        assertThatThrownBy(() -> bus.bind("gpu", "gpu9")).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessage("ENODEV: bind of 'gpu9' with driver 'gpu' on bus 'platform' refused: the bus has no added device of that name");
        assertThatThrownBy(() -> bus.bind("gpu", "net0")).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessage("ENODEV: bind of 'net0' to driver 'gpu' on bus 'platform' refused: the driver does not match the device "
                        + "(nothing changed)");
        assertThat(net.isBound()).isFalse();

        bus.bind("gpu", "gpu0");
        assertThat(dev.driver()).containsSame(gpu);
        assertThatThrownBy(() -> bus.bind("gpu", "gpu0")).satisfies(t -> errno(t, Errno.EBUSY));

        assertThatThrownBy(() -> bus.unbind("gpu", "net0")).satisfies(t -> errno(t, Errno.ENODEV))
                .hasMessage("ENODEV: unbind of device 'net0' from driver 'gpu' refused: the device is not bound to that driver "
                        + "(nothing changed)");
        bus.unbind("gpu", "gpu0");
        assertThat(dev.isBound()).isFalse();
        assertThatThrownBy(() -> bus.unbind("gpu", "gpu0")).satisfies(t -> errno(t, Errno.ENODEV));
        assertThat(log.snapshot()).containsExactly("probe gpu0", "remove gpu0", "probe gpu0", "remove gpu0");
        assertThatThrownBy(() -> bus.bind(null, "gpu0")).isInstanceOf(NullPointerException.class)
                .hasMessage("bind on bus 'platform': the driver name must not be null");
    }

    @Test
    void sysfsUnbindFromAnotherDriverIsEnodevAndKeepsTheBinding() {
        Driver gpu = TestDrivers.driver("gpu", b -> { }, b -> log.add("remove"));
        Driver other = TestDrivers.driver("other", b -> { }, b -> { });
        bus.registerDriver(gpu);
        bus.registerDriver(other);
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(() -> bus.unbind("other", "gpu0")).satisfies(t -> errno(t, Errno.ENODEV));
        assertThat(dev.driver()).containsSame(gpu);
        assertThat(log.snapshot()).isEmpty();
    }
}
