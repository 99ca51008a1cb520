package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.junit.jupiter.api.Test;

/** Component bridges: refcounted ones survive their provider's unbind; devm ones do not. */
class BridgeTest {

    /** A panel driver that provides a bridge, refcounted or devm. */
    private static final class Panel implements Driver {
        final BridgeRegistry registry;
        final boolean devm;
        final AtomicInteger destroyed = new AtomicInteger();

        Panel(BridgeRegistry registry, boolean devm) {
            this.registry = registry;
            this.devm = devm;
        }

        @Override
        public String name() {
            return "panel";
        }

        @Override
        public void probe(BoundDevice dev) {
            Bridge b = devm ? Bridge.devmAlloc(dev, "panel-bridge") : Bridge.create("panel-bridge", x -> destroyed.incrementAndGet());
            registry.add(b);
            dev.devres().add("bridge remove", d -> {
                registry.remove(b);
                if (!devm) {
                    b.put();
                }
            });
        }
    }

    private DrmDevice drmWithBridge(Bus bus, BridgeRegistry reg) {
        Device gpu = bus.newDevice("gpu0");
        gpu.add();
        DrmDevice drm = DrmDevice.alloc(World.plainDriver(new ArrayList<>()), gpu, x -> x);
        Bridge b = reg.find("panel-bridge").orElseThrow();
        b.attach(drm);
        b.put(); // the finder's reference; the DRM device keeps its own
        return drm;
    }

    @Test
    void refcountedBridgeOutlivesItsProviderAndIsDestroyedAtTheLastPut() {
        Bus bus = new Bus("bridge-ok");
        BridgeRegistry reg = new BridgeRegistry();
        Panel panel = new Panel(reg, false);
        bus.registerDriver(panel);
        Device pd = bus.newDevice("panel0");
        pd.add();
        DrmDevice drm = drmWithBridge(bus, reg);
        assertThat(drm.managed().names()).contains("bridge-put panel-bridge");
        Bridge b = reg.find("panel-bridge").orElseThrow();
        b.put();
        assertThat(b.refCount()).isEqualTo(2);
        pd.unbind();
        assertThat(reg.find("panel-bridge")).isEmpty();
        assertThat(b.isDestroyed()).isFalse();
        b.enable();
        assertThat(b.isEnabled()).isTrue();
        drm.put();
        assertThat(b.isDestroyed()).isTrue();
        assertThat(panel.destroyed.get()).isEqualTo(1);
        assertThatThrownBy(b::enable).isInstanceOf(IllegalStateException.class).hasMessageContaining("panel-bridge")
                .hasMessageContaining("destroyed");
    }

    @Test
    void devmBridgeIsUsedAfterReleaseOnceItsProviderUnbinds() {
        Bus bus = new Bus("bridge-devm");
        BridgeRegistry reg = new BridgeRegistry();
        bus.registerDriver(new Panel(reg, true));
        Device pd = bus.newDevice("panel0");
        pd.add();
        DrmDevice drm = drmWithBridge(bus, reg);
        List<Bridge> held = new ArrayList<>();
        held.add(reg.find("panel-bridge").orElseThrow());
        held.get(0).enable();
        pd.unbind();
        assertThatThrownBy(held.get(0)::enable).isInstanceOf(UseAfterReleaseException.class)
                .hasMessageContaining("bridge panel-bridge").hasMessageContaining("panel0");
        held.get(0).put();
        drm.put();
    }

    @Test
    void concurrentEnablesAreAllCounted() throws Exception {
        Bridge bridge = Bridge.create("b0", null);
        int threads = 4;
        int each = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger go = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    Waits.awaitRound(go, 1);
                    for (int i = 0; i < each; i++) {
                        bridge.enable();
                    }
                    return null;
                }));
            }
            go.set(1);
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bridge.enableCount()).as("no enable was lost").isEqualTo(threads * each);
        bridge.put();
        assertThatThrownBy(bridge::enableCount).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use of bridge 'b0' after its last put");
    }
}
