package org.devres4j.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.hw.model.MemoryHardware;
import org.junit.jupiter.api.Test;

/**
 * A {@link BoundDevice} licenses MMIO only on the thread running its binding's probe, remove or devres
 * release: a driver that stashes it and uses it later (an ioctl, a worker) is refused, with a message
 * naming the device and the rule.
 */
class BoundAccessContextTest {
    private static final MmioRange BAR = new MmioRange("bar0", 0x2000, 0x40);
    private static final String RULE = "MMIO access to 'ctxdrv0:bar0' refused: the bound device ctxdrv0 licenses hardware only "
            + "on the thread running its probe, remove or devres release";

    private final MemoryHardware hw = new MemoryHardware();

    /** Maps in probe, writes in probe, remove and a devres action; keeps the binding (the bug under test). */
    private final class Stashing implements Driver {
        volatile BoundDevice stashed;
        volatile IoMapping mmio;
        final AtomicReference<Throwable> fromProbeWorker = new AtomicReference<>();

        @Override
        public String name() {
            return "ctxdrv";
        }

        @Override
        public void probe(BoundDevice dev) throws Exception {
            stashed = dev;
            mmio = Io.devmIoremap(dev, hw, 0);
            mmio.access(dev).write32(0, 1); // probe: allowed
            dev.devres().add("hw fini", d -> mmio.access(dev).write32(8, 3)); // devres release: allowed
            Thread worker = new Thread(() -> {
                try {
                    mmio.access(dev).read32(0);
                } catch (Throwable t) {
                    fromProbeWorker.set(t);
                }
            }, "probe-helper");
            worker.start();
            worker.join(); // even while the probe runs, another thread is not the probe
        }

        @Override
        public void remove(BoundDevice dev) {
            mmio.access(dev).write32(4, 2); // remove: allowed
        }
    }

    @Test
    void probeRemoveAndDevresReleaseMayTouchHardwareThroughTheBinding() {
        Bus bus = new Bus("bound-ctx");
        Stashing drv = new Stashing();
        bus.registerDriver(drv);
        Device dev = bus.newDevice("ctxdrv0");
        hw.plug(dev, List.of(BAR), List.of());
        dev.add();
        assertThat(dev.isBound()).isTrue();
        assertThat(hw.peek(BAR, 0)).isEqualTo(1);
        dev.unbind();
        assertThat(hw.peek(BAR, 4)).as("remove wrote").isEqualTo(2);
        assertThat(hw.peek(BAR, 8)).as("the devres release wrote").isEqualTo(3);
    }

    @Test
    void aStashedBindingUsedOutsideProbeAndRemoveIsRefused() {
        Bus bus = new Bus("bound-ctx");
        Stashing drv = new Stashing();
        bus.registerDriver(drv);
        Device dev = bus.newDevice("ctxdrv0");
        hw.plug(dev, List.of(BAR), List.of());
        dev.add();
        assertThat(drv.stashed.isValid()).as("still bound").isTrue();
        assertThat(drv.stashed.isActiveOnCurrentThread()).as("but this thread runs no probe/remove").isFalse();

        Mmio view = drv.mmio.access(drv.stashed);
        assertThatThrownBy(() -> view.write32(0, 0x55)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(RULE)
                .hasMessageContaining("enter/exit is required");
        assertThat(hw.peek(BAR, 0)).as("the refused write never reached the hardware").isEqualTo(1);

        assertThat(drv.fromProbeWorker.get()).as("a helper thread of the probe is refused too")
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith(RULE)
                .hasMessageContaining("thread 'probe-helper' is not");

        int mappingsBefore = drv.stashed.devres().size();
        assertThatThrownBy(() -> Io.devmIoremap(drv.stashed, hw, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("devmIoremap on ctxdrv0 refused: thread '" + Thread.currentThread().getName()
                        + "' is not running this binding's probe or remove — devm hardware resources are taken while the"
                        + " driver core holds the binding (a stashed BoundDevice is not a licence to map hardware later)");
        assertThat(drv.stashed.devres().size()).as("nothing was added to the devres list").isEqualTo(mappingsBefore);

        dev.unbind();
        assertThatThrownBy(() -> view.read32(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the binding of ctxdrv0 has ended");
    }
}
