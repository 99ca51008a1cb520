package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;
import org.devres4j.uapi.spi.MinorPool;
import org.junit.jupiter.api.Test;

/**
 * Render nodes, the debugfs-like name file and ENODEV for every ioctl after unplug, as
 * {@code drm_drv.c} ({@code drm_minor_alloc}, {@code drm_dev_register}), {@code drm_ioctl.c} ({@code drm_ioctl},
 * {@code drm_ioctl_permit}) and {@code drm_debugfs.c} ({@code drm_name_info}) behave.
 */
class NodesTest {

    @Test
    void aRenderDriverRegistersBothNodesAndTheNameFileWithThePrimarysLifetime() {
        World w = new World("pci-nodes");
        Device dev = w.plugVgpu("vgpu0", 0x10000, 5);
        DrmDevice card = w.latest();
        assertThat(card.nodes()).containsExactly(new DrmNode(DrmMinorType.PRIMARY, 0), new DrmNode(DrmMinorType.RENDER, 128));
        assertThat(w.ns.paths()).contains("/dev/dri/card0", "/dev/dri/renderD128", "/sys/devices/vgpu0/drm/renderD128",
                "/sys/class/drm/renderD128", "/sys/kernel/debug/dri/0/name");
        assertThat(w.ns.minors()).containsExactly(0, 128);
        assertThat(card.nameEntry().path()).isEqualTo("/sys/kernel/debug/dri/0/name");
        assertThat(card.nameEntry().read()).isEqualTo("vgpu dev=vgpu0 unique=vgpu0\n");

        DrmFile keeper = card.open();
        dev.unbind(); // drm_dev_unplug: every node and the name file go together
        assertThat(w.ns.paths()).isEmpty();
        assertThat(card.nameEntry().isPresent()).isFalse();
        assertThatThrownBy(() -> card.nameEntry().read()).isInstanceOf(ErrnoException.class)
                .hasMessage("ENOENT: read of /sys/kernel/debug/dri/0/name refused: card0 is not registered (the debugfs "
                        + "entry is published from register to unregister or unplug)");
        assertThatThrownBy(() -> card.open(DrmMinorType.RENDER)).isInstanceOf(ErrnoException.class)
                .hasMessage("ENODEV: open of renderD128 (card0) refused: it was unplugged; no reference was kept");
        assertThat(w.ns.minors()).as("freed with the device, not at unplug").containsExactly(0, 128);
        keeper.close();
        assertThat(card.isFreed()).isTrue();
        assertThat(w.ns.minors()).isEmpty();
        dev.del();
    }

    @Test
    void aRenderFileIsLikeAPrimaryOneButIoctlsWithoutRenderAllowAreEacces() {
        World w = new World("pci-render");
        Device dev = w.plugVgpu("vgpu0", 0x10000, 5);
        DrmDevice card = w.latest();
        DrmFile render = card.open(DrmMinorType.RENDER);
        DrmFile primary = card.open();
        assertThat(render.node()).isEqualTo(new DrmNode(DrmMinorType.RENDER, 128));
        assertThat(render.isRenderClient()).isTrue();
        assertThat(primary.isRenderClient()).isFalse();
        assertThat(card.refCount()).as("each file holds a reference").isEqualTo(3);

        assertThat(render.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).value()).isEqualTo(Vgpu.CHIP_ID & 0xFFFFFFFFL);
        assertThat(render.ioctl(Vgpu.IOCTL_CREATE_BUFFER, 4096).isOk()).isTrue();
        Result kms = render.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0);
        assertThat(kms.errno()).isEqualTo(Errno.EACCES);
        assertThat(kms.message()).isEqualTo("VGPU_GET_CONNECTOR on renderD128 refused: it is not allowed on a render node "
                + "(no RENDER_ALLOW); issue it on the primary node");
        assertThat(primary.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).isOk()).isTrue();
        assertThat(render.ioctl(99, 0).errno()).as("an unknown number is EINVAL before any permission check")
                .isEqualTo(Errno.EINVAL);

        dev.unbind();
        assertThat(render.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).errno()).as("ENODEV comes first").isEqualTo(Errno.ENODEV);
        render.close();
        primary.close();
        assertThat(card.isFreed()).isTrue();
        dev.del();
    }

    @Test
    void everyIoctlOfAnUnpluggedDeviceIsEnodevAtEntryAndCloseAlwaysSucceeds() {
        World w = new World("pci-enodev");
        Device dev = w.plugVgpu("vgpu0", 0x10000, 5);
        DrmDevice card = w.latest();
        DrmFile f = card.open();
        int handle = f.createBuffer("bo", 64);
        int before = w.mark();
        dev.unbind();
        for (Ioctl i : w.vgpu.drmDriver().ioctls()) {
            Result r = f.ioctl(i.nr(), 0);
            assertThat(r.errno()).as(i.name()).isEqualTo(Errno.ENODEV);
            assertThat(r.message()).startsWith(i.name() + " on card0 refused: the device is unplugged");
        }
        assertThat(f.ioctl(1234, 0).errno()).as("not even the table is looked at").isEqualTo(Errno.ENODEV);
        assertThatThrownBy(() -> f.createBuffer("late", 64)).isInstanceOf(ErrnoException.class)
                .hasMessage("ENODEV: createBuffer on file1 of card0 refused: the device is unplugged — every ioctl of an "
                        + "unplugged device answers ENODEV");
        assertThatThrownBy(() -> f.closeBuffer(handle)).isInstanceOf(ErrnoException.class).hasMessageStartingWith("ENODEV");
        assertThat(f.buffer(handle)).as("the handle lives until the file goes").isPresent();
        assertThat(w.since(before, card)).as("no handler ran: no drmm state was touched").noneMatch(s -> s.startsWith("FAIL"));
        f.close();
        assertThat(f.isOpen()).isFalse();
        assertThat(card.isFreed()).isTrue();
        dev.del();
    }

    @Test
    void aDriverWithoutTheRenderFeatureHasOnlyThePrimaryNode() {
        List<org.devres4j.core.TraceEvent> events = new ArrayList<>();
        Bus bus = new Bus("plain");
        Device parent = bus.newDevice("gpu0");
        parent.add();
        DrmDevice d = DrmDevice.alloc(World.plainDriver(events), parent, x -> "container");
        d.register();
        assertThat(d.nodes()).containsExactly(new DrmNode(DrmMinorType.PRIMARY, 0));
        assertThat(d.node(DrmMinorType.RENDER)).isEmpty();
        assertThat(bus.namespace().paths()).noneMatch(p -> p.contains("renderD"));
        assertThatThrownBy(() -> d.open(DrmMinorType.RENDER)).isInstanceOf(ErrnoException.class)
                .hasMessage("ENOENT: open of the RENDER node of card0 refused: driver 'plain' has no such node (no RENDER feature)");
        assertThat(d.refCount()).isEqualTo(1);
        assertThat(d.nameEntry().read()).isEqualTo("plain dev=gpu0 unique=gpu0\n");
        assertThatThrownBy(() -> d.open(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("open of card0: the node type must not be null");
        d.unregister();
        d.put();
    }

    @Test
    void minorsComeFromEachTypesRangeThenFromTheSharedExtendedRange() {
        Bus bus = new Bus("many");
        DrmDriver render = DrmDriver.builder("r").features(DrmFeature.RENDER).build();
        List<DrmDevice> all = new ArrayList<>();
        Device parent = bus.newDevice("gpu0");
        parent.add();
        for (int i = 0; i < 65; i++) {
            all.add(DrmDevice.alloc(render, parent, x -> "c"));
        }
        assertThat(all.get(63).nodes()).extracting(DrmNode::name).containsExactly("card63", "renderD191");
        assertThat(all.get(64).nodes()).as("both ranges full: the 65th takes the first free extended minors")
                .extracting(DrmNode::name).containsExactly("card192", "renderD193");
        all.get(3).put();
        DrmDevice again = DrmDevice.alloc(render, parent, x -> "c");
        assertThat(again.nodes()).as("a freed minor is reused first").extracting(DrmNode::minor).containsExactly(3, 131);
        all.add(again);
        for (int i = 0; i < all.size(); i++) {
            if (i != 3) {
                all.get(i).put();
            }
        }
        assertThat(bus.namespace().minors()).isEmpty();
    }

    @Test
    void aRangedMinorAllocationRefusesAFullOrMalformedRange() {
        Namespace ns = Namespace.inMemory("ns");
        assertThat(ns.allocMinor("a", 5, 6)).isEqualTo(5);
        assertThat(ns.allocMinor("b", 5, 6)).isEqualTo(6);
        assertThatThrownBy(() -> ns.allocMinor("c", 5, 6)).isInstanceOf(ErrnoException.class)
                .hasMessage("ENOSPC: allocMinor for c in namespace ns refused: every minor of [5, 6] is taken")
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.ENOSPC));
        assertThatThrownBy(() -> ns.allocMinor("d", 7, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minor range [7, 6] is malformed: the first minor must not be negative and the last not below the first");
        assertThat(ns.minors()).containsExactly(5, 6);
        assertThat(ns.allocMinor("e")).as("the unranged form still takes the lowest free").isZero();

        MinorPool pool = new MinorPool();
        assertThat(pool.alloc(Integer.MAX_VALUE - 1, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(pool.alloc(Integer.MAX_VALUE - 1, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(pool.alloc(Integer.MAX_VALUE - 1, Integer.MAX_VALUE)).as("full at the very top, no overflow").isEqualTo(-1);
        assertThatThrownBy(() -> pool.alloc(-1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("minor range [-1, 3] is malformed");
    }

    @Test
    void aDrmNodeRefusesANegativeMinorAndAnIoctlItsMissingFlags() {
        assertThatThrownBy(() -> new DrmNode(DrmMinorType.RENDER, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DrmNode: minor -1 is negative");
        assertThatThrownBy(() -> new Ioctl(1, "X", (f, a) -> 0, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Ioctl 'X': the flags must not be null (empty for none)");
        assertThat(new Ioctl(1, "X", (f, a) -> 0).renderAllowed()).isFalse();
        assertThat(new Ioctl(1, "X", (f, a) -> 0, java.util.Set.of(DrmIoctlFlag.RENDER_ALLOW)).renderAllowed()).isTrue();
    }
}
