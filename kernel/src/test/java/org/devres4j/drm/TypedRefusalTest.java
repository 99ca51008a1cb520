package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.devres4j.core.UseAfterFreeException;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.DeviceExistsException;
import org.junit.jupiter.api.Test;

/**
 * Refusals a simulator must recognise carry their type and fields: every use of a
 * refcounted kernel object after its last put is a {@link UseAfterFreeException} naming the object and the
 * refused operation; a taken device name is a {@link DeviceExistsException} naming the device and the bus.
 */
class TypedRefusalTest {

    @Test
    void aDrmDeviceAfterItsFinalFreeIsAUseAfterFree() {
        Bus bus = new Bus("typed");
        Device parent = bus.newDevice("gpu0");
        parent.add();
        DrmDevice d = DrmDevice.alloc(DrmDriver.builder("t").build(), parent, x -> "container");
        Kms.modeConfigInit(d);
        Connector c = Kms.connector(d, "Virtual-1", (k, g) -> ConnectorStatus.CONNECTED);
        d.put();
        assertThatThrownBy(d::enter).isInstanceOfSatisfying(UseAfterFreeException.class, e -> {
            assertThat(e.objectName()).isEqualTo("card0");
            assertThat(e.operation()).isEqualTo("enter");
        }).hasMessageContaining("released at its last put");
        assertThatThrownBy(() -> d.container(String.class)).isInstanceOf(UseAfterFreeException.class);
        assertThatThrownBy(c::status).isInstanceOfSatisfying(UseAfterFreeException.class, e -> {
            assertThat(e.objectName()).isEqualTo("connector 'Virtual-1' of card0");
            assertThat(e.operation()).isEqualTo("status");
        }).hasMessageContaining("was cleaned up");
        parent.del();
        parent.put();
        assertThatThrownBy(parent::get).isInstanceOfSatisfying(UseAfterFreeException.class, e -> {
            assertThat(e.objectName()).isEqualTo("device 'gpu0'");
            assertThat(e.operation()).isEqualTo("get");
        });
        assertThatThrownBy(parent::bind).isInstanceOfSatisfying(UseAfterFreeException.class,
                e -> assertThat(e.operation()).isEqualTo("bind"));
    }

    @Test
    void aBridgeAfterItsDestroyIsAUseAfterFree() {
        Bridge b = Bridge.create("panel", null);
        b.put();
        assertThatThrownBy(b::enable).isInstanceOfSatisfying(UseAfterFreeException.class, e -> {
            assertThat(e.objectName()).isEqualTo("bridge 'panel'");
            assertThat(e.operation()).isEqualTo("use");
        }).hasMessageContaining("after its last put");
    }

    @Test
    void aTakenDeviceNameCarriesTheDeviceAndTheBus() {
        Bus bus = new Bus("names");
        Device first = bus.newDevice("card0");
        first.add();
        Device second = bus.newDevice("card0");
        assertThatThrownBy(second::add).isInstanceOfSatisfying(DeviceExistsException.class, e -> {
            assertThat(e.deviceName()).isEqualTo("card0");
            assertThat(e.busName()).isEqualTo("names");
        });
        second.put();
        first.del();
        first.put();
    }
}
