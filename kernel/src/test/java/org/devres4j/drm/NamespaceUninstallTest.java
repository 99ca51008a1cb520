package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.devres4j.driver.Bus;
import org.junit.jupiter.api.Test;

/**
 * Review fix: an installed namespace that refers back to its bus kept the bus (and itself) forever in
 * the per-bus map; uninstall / forget remove it.
 */
class NamespaceUninstallTest {

    /** A namespace that, like the simulator's, reaches its bus. */
    static final class BusHoldingNamespace extends ForwardingNamespace {
        final Bus bus;

        BusHoldingNamespace(Bus bus) {
            super("fwd");
            this.bus = bus;
        }
    }

    @Test
    void uninstallIsRefusedWhileTheNamespaceHoldsNamesOrMinors() {
        Bus bus = new Bus("busy");
        BusHoldingNamespace ns = new BusHoldingNamespace(bus);
        DrmNamespace.install(bus, ns);
        int minor = ns.allocMinor("card0");
        ns.publish("/dev/dri/card0", "card0");

        assertThatThrownBy(() -> DrmNamespace.uninstall(bus)).isInstanceOf(IllegalStateException.class)
                .hasMessage("DrmNamespace.uninstall on bus busy refused: its namespace is still in use (names "
                        + "[/dev/dri/card0], minors [" + minor + "]); unregister and release every DRM device on the "
                        + "bus first, or use forget for a bus that is being discarded (nothing changed)");
        assertThat(DrmNamespace.of(bus)).as("the refused uninstall changed nothing").isSameAs(ns);

        ns.withdraw("/dev/dri/card0");
        assertThatThrownBy(() -> DrmNamespace.uninstall(bus)).as("a held minor alone is still a use")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("names [], minors [" + minor + "]");
        ns.freeMinor(minor);

        assertThat(DrmNamespace.uninstall(bus)).isTrue();
        assertThat(DrmNamespace.uninstall(bus)).as("nothing left to remove").isFalse();
        assertThat(DrmNamespace.of(bus)).as("a later user gets a fresh in-memory namespace")
                .isInstanceOf(MemoryNamespace.class);
        assertThat(DrmNamespace.forget(bus)).isTrue();
    }

    @Test
    void forgetRemovesANamespaceThatIsStillInUse() {
        Bus bus = new Bus("discarded");
        BusHoldingNamespace ns = new BusHoldingNamespace(bus);
        DrmNamespace.install(bus, ns);
        ns.publish("/dev/dri/card0", "card0");
        assertThat(DrmNamespace.forget(bus)).isTrue();
        assertThat(DrmNamespace.of(bus)).isNotSameAs(ns);
        assertThat(DrmNamespace.forget(bus)).isTrue();
        assertThat(DrmNamespace.forget(bus)).isFalse();
    }

    @Test
    void anUninstalledNamespaceNoLongerKeepsItsBus() throws InterruptedException {
        List<WeakReference<Bus>> uninstalled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Bus bus = new Bus("gc" + i);
            DrmNamespace.install(bus, new BusHoldingNamespace(bus));
            assertThat(DrmNamespace.uninstall(bus)).isTrue();
            uninstalled.add(new WeakReference<>(bus));
        }
        for (int round = 0; round < 50 && uninstalled.stream().anyMatch(r -> r.get() != null); round++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(uninstalled).as("no uninstalled bus is kept by its namespace").allMatch(r -> r.get() == null);
    }
}
