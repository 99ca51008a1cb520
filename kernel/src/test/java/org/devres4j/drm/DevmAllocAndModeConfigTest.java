package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.UseAfterFreeException;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.junit.jupiter.api.Test;

/**
 * {@code devm_drm_dev_alloc(parent, …)} taking the device (it needs a driver attached to the parent) and
 * {@code drmm_mode_config_init} (the mode config before any KMS object, its cleanup on the drmm list).
 */
class DevmAllocAndModeConfigTest {
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final Bus bus = new Bus("devm-test");

    private List<String> verbs(DrmDevice d) {
        synchronized (events) {
            return events.stream().filter(e -> e.owner().equals(d.name())).map(e -> e.verb() + " " + e.name()).toList();
        }
    }

    private Driver probingWith(DrmDevice[] made, DrmDriver drv) {
        return new Driver() {
            @Override
            public String name() {
                return "card";
            }

            @Override
            public void probe(BoundDevice dev) {
                made[0] = DrmDevice.devmAlloc(drv, dev.device()); // the kernel's form: the parent device itself
            }
        };
    }

    @Test
    void devmAllocOnTheParentDeviceFromItsProbeIsDroppedAtUnbind() {
        DrmDevice[] made = new DrmDevice[1];
        bus.registerDriver(probingWith(made, World.plainDriver(events)));
        Device parent = bus.newDevice("card0dev");
        parent.add();
        DrmDevice d = made[0];
        assertThat(d.isDevmAllocated()).isTrue();
        assertThat(parent.devres().names()).containsExactly("devm_drm_dev_init_release card0");
        assertThat(d.container(DrmDevice.class)).as("the device is its own containing object").isSameAs(d);
        parent.unbind();
        assertThat(d.isFreed()).as("the binding held the only reference").isTrue();
        parent.unregister();
    }

    @Test
    void devmAllocOnAParentWithoutADriverIsRefusedAndAllocatesNothing() {
        Device parent = bus.newDevice("lonely0");
        parent.add();
        int refs = parent.refCount();
        assertThatThrownBy(() -> DrmDevice.devmAlloc(World.plainDriver(events), parent)).isInstanceOf(IllegalStateException.class)
                .hasMessage("DrmDevice.devmAlloc on 'lonely0' refused: the parent has no driver attached (not probing, not "
                        + "bound) — devm_drm_dev_alloc ties the DRM device's reference to a binding of the parent; allocate "
                        + "it from the parent's probe (nothing was allocated)");
        assertThat(parent.refCount()).isEqualTo(refs);
        assertThat(bus.namespace().minors()).isEmpty();
        assertThat(parent.devres().isEmpty()).isTrue();
        assertThat(events).isEmpty();

        Device root = bus.registerRootDevice("root0");
        assertThatThrownBy(() -> DrmDevice.devmAlloc(World.plainDriver(events), root))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'root0' refused: the parent has no driver");
        assertThatThrownBy(() -> DrmDevice.devmAlloc(World.plainDriver(events), (Device) null))
                .isInstanceOf(NullPointerException.class).hasMessage("DrmDevice.devmAlloc: the parent device must not be null");
        assertThatThrownBy(() -> DrmDevice.devmAlloc(World.plainDriver(events), parent, null))
                .isInstanceOf(NullPointerException.class).hasMessage("DrmDevice.devmAlloc: the container factory must not be null");
        root.unregister();
        parent.unregister();
    }

    @Test
    void kmsObjectsNeedTheModeConfigFirstAndItsCleanupRunsAfterTheirs() {
        Device parent = bus.newDevice("gpu0");
        parent.add();
        DrmDevice d = DrmDevice.alloc(World.plainDriver(events), parent, x -> "container");
        assertThat(Kms.isModeConfigInitialized(d)).isFalse();
        assertThatThrownBy(() -> Kms.connector(d, "HDMI-A-1", (c, g) -> ConnectorStatus.CONNECTED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Kms.connector 'HDMI-A-1' on card0 refused: its mode config is not initialized — call "
                        + "Kms.modeConfigInit (drmm_mode_config_init) before creating KMS objects");
        assertThatThrownBy(() -> Kms.plane(d, "primary")).hasMessageStartingWith("Kms.plane 'primary' on card0 refused");
        assertThat(Kms.connectors(d)).isEmpty();
        int size = d.managed().size();
        assertThat(size).as("a refused init adds nothing").isEqualTo(1);

        Kms.modeConfigInit(d);
        assertThat(Kms.isModeConfigInitialized(d)).isTrue();
        assertThatThrownBy(() -> Kms.modeConfigInit(d)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Kms.modeConfigInit on card0 refused: its mode config was already initialized — "
                        + "drmm_mode_config_init runs once per device, and its cleanup at the last put");
        assertThat(d.managed().size()).isEqualTo(size + 1);
        Connector c = Kms.connector(d, "HDMI-A-1", (k, g) -> ConnectorStatus.CONNECTED);
        d.put();

        assertThat(c.isCleanedUp()).isTrue();
        assertThat(Kms.isModeConfigInitialized(d)).as("cleaned up at the last put").isFalse();
        assertThat(verbs(d)).containsSubsequence("REL connector-cleanup HDMI-A-1", "REL drm_mode_config_cleanup",
                "REL drm_dev_init_release", "FREE String");
        assertThatThrownBy(() -> Kms.modeConfigInit(d)).isInstanceOf(UseAfterFreeException.class)
                .hasMessageStartingWith("Kms.modeConfigInit on card0 refused: the device was released");
        assertThatThrownBy(() -> Kms.modeConfigInit(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Kms.modeConfigInit: the device must not be null");
        parent.unregister();
    }
}
