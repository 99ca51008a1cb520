package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two kinds of removal in the simulator: a sysfs {@code remove} deletes the device and keeps its hardware
 * present, so a {@code rescan} makes a new device of the same name that probes again; a surprise
 * {@code unplug} takes the hardware too, so a rescan finds nothing.
 */
class RemoveRescanTest {

    @Test
    void aRemovedDevicesHardwareIsFoundAgainByARescanAndProbed() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                remove vgpu0
                expect ok
                expect device vgpu0 absent
                expect released vgpu0 drm_dev_unplug card0, vgpu hw fini, iounmap vgpu0:bar0
                rescan
                expect ok
                expect device vgpu0 bound driver=vgpu
                expect node vgpu0 primary card0
                process p1
                open p1 vgpu0 as f1
                ioctl p1 f1 read-reg
                expect value 1
                expect clean
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.CLEAN);
        assertThat(Lines.of(r)).anyMatch(l -> l.contains("REMOVE vgpu0 sysfs remove (device_unregister; the hardware stays"))
                .anyMatch(l -> l.contains("UEVENT") || l.contains("DEVICE-DEL vgpu0"))
                .anyMatch(l -> l.contains("RESCAN vgpu0 found vgpu0") && l.contains("bound to vgpu"));
    }

    @Test
    void anUnplugTakesTheHardwareSoARescanFindsNothing() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                unplug vgpu0
                expect ok
                rescan
                expect device vgpu0 absent
                plug vgpu0
                expect device vgpu0 bound driver=vgpu
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(Lines.of(r)).noneMatch(l -> l.contains("RESCAN vgpu0"));
    }

    @Test
    void theHardwareOfARemovedDeviceCanStillBeUnpluggedAndThenIsGoneForARescan() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                remove vgpu0
                unplug vgpu0
                expect ok
                rescan
                expect device vgpu0 absent
                expect clean
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(Lines.of(r)).anyMatch(l -> l.contains("UNPLUG vgpu0 #1") && l.contains("the hardware of a removed device"));
    }

    @Test
    void aFileKeptOpenAcrossRemoveAndRescanKeepsTheOldMinorAndClosesLate() {
        RunResult r = Seeded.run("""
                load vgpu
                plug vgpu0
                process p1
                open p1 vgpu0 as f1
                remove vgpu0
                ioctl p1 f1 version
                expect errno ENODEV
                rescan
                expect node vgpu0 primary card1
                expect node vgpu0 render renderD129
                process p2
                read p2 dri/1/name
                expect text vgpu dev=vgpu0 unique=vgpu0
                read p2 dri/0/name
                expect errno ENOENT
                close p1 f1
                expect ok
                expect released card0 vgpu connector destroy, vgpu connector state, drm_dev_init_release
                expect clean
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        assertThat(r.outcome()).isEqualTo(Outcome.CLEAN);
    }

    @Test
    void aMappingTheRemovedInstanceKeptIsStaleOnceARescanReassignsTheRange() {
        RunResult r = Seeded.run("""
                load vgpu variant=drmm-mmio
                plug vgpu0
                process p1
                open p1 vgpu0 as f1
                remove vgpu0
                rescan
                close p1 f1
                expect report use-after-unplug
                """);
        assertThat(r.failedExpectations()).as(r.toText()).isEmpty();
        Report stale = r.reports().stream().filter(x -> x.kind() == ReportKind.USE_AFTER_UNPLUG).findFirst().orElseThrow();
        assertThat(stale.detail()).as(r.toText()).contains("now belongs to vgpu0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "load vgpu; plug vgpu0; remove vgpu0; remove vgpu0 | line 4: remove vgpu0: device 'vgpu0' is not on the bus: it was removed at step 3 (line 3: remove vgpu0) (a rescan finds its hardware again)",
        "load vgpu; plug vgpu0; unplug vgpu0; remove vgpu0 | line 4: remove vgpu0: device 'vgpu0' has no hardware on the bus (it was unplugged at step 3 (line 3: unplug vgpu0))",
        "virtual vkms0; remove vkms0                       | line 2: remove vkms0: device 'vkms0' has no hardware on the bus (a virtual device is destroyed with destroy)",
        "load vgpu; plug vgpu0; remove vgpu0; bind vgpu0   | line 4: bind vgpu0: device 'vgpu0' is not on the bus: it was removed at step 3 (line 3: remove vgpu0) (a rescan finds its hardware again)",
        "load vgpu; plug vgpu0; remove vgpu0; unbind vgpu0 | line 4: unbind vgpu0: device 'vgpu0' is not on the bus: it was removed at step 3 (line 3: remove vgpu0) (a rescan finds its hardware again)",
        "load vgpu; plug vgpu0; unplug vgpu0; bind vgpu0   | line 4: bind vgpu0: device 'vgpu0' is not on the bus: it was unplugged at step 3 (line 3: unplug vgpu0)",
        "load vgpu; plug vgpu0; remove vgpu0; plug vgpu0   | line 4: device 'vgpu0' is already plugged (since step 2 (line 2: plug vgpu0)); its device was removed at step 3 (line 3: remove vgpu0): rescan adds it again",
        "remove vgpu0                                      | line 1: no device 'vgpu0' (plug it first)",
    })
    void removalsThatCannotRunAsWrittenAreScenarioErrors(String script, String message) {
        RunResult r = Seeded.run(script.replace("; ", "\n"));
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.SCENARIO_ERROR);
        assertThat(r.error()).isEqualTo(message);
    }
}
