package org.devres4j.drm;

import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.drivers.vgpu.Vgpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.devres4j.driver.Device;
import org.junit.jupiter.api.Test;

/** The release order of a whole life of the reference driver, each step asserted on the event list. */
class VgpuWholeLifeTest {

    @Test
    void probeRegisterOpenUnplugRebindCloseReleasesInOrder() {
        World w = new World("pci-life");
        Device dev = w.plugVgpu("vgpu0", 0x10000, 5);
        int parentRefsBound = dev.refCount();

        // probe + register
        DrmDevice card0 = w.latest();
        assertThat(dev.isBound()).isTrue();
        assertThat(card0.isRegistered()).isTrue();
        assertThat(w.ns.paths()).contains("/dev/dri/card0", "/sys/devices/vgpu0/tile0", "/sys/devices/vgpu0/drm/card0",
                "/sys/class/drm/card0-Virtual-1");
        assertThat(w.of(card0)).startsWith("ALLOC vgpu", "ADD drm_dev_init_release").contains("REGISTER card0");

        // open: the file works, hardware and software
        DrmFile f = card0.open();
        assertThat(f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).value()).isEqualTo(Vgpu.CHIP_ID & 0xFFFFFFFFL);
        assertThat(f.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).value() & 1).isEqualTo(1);
        int bo = (int) f.ioctl(Vgpu.IOCTL_CREATE_BUFFER, 4096).value();
        DrmMapping map = f.mmap(bo, 0, 4096);
        map.write(0, (byte) 7);
        assertThat(map.read(0)).isEqualTo((byte) 7);
        assertThat(w.hw.raise(5)).isTrue();
        assertThat(f.ioctl(Vgpu.IOCTL_VBLANK_COUNT, 0).value()).as("the irq handler counted a vblank").isEqualTo(1);
        assertThat(f.ioctl(Vgpu.IOCTL_FLUSH, 0x55).isOk()).isTrue();
        assertThat(w.hw.peek(w.hw.mmioRanges(dev).get(0), Vgpu.REG_SCRATCH)).isEqualTo(0x55);
        int drmmSize = card0.managed().size();

        // unplug (driver unbind) while the file is open
        int mark = w.mark();
        dev.unbind();
        List<String> unplug = w.since(mark, card0);
        assertThat(unplug).containsSubsequence("UNPLUG card0", "WITHDRAW /dev/dri/card0", "UNREGISTER card0", "ZAP card0");
        assertThat(unplug).noneMatch(s -> s.startsWith("REL ") || s.startsWith("FREE"));
        assertThat(card0.isUnplugged()).isTrue();
        assertThat(card0.isFreed()).isFalse();
        assertThat(card0.managed().size()).as("drmm list whole after unbind").isEqualTo(drmmSize);
        assertThat(dev.devres().isEmpty()).as("devres list empty after unbind").isTrue();
        assertThat(w.hw.liveMappings()).as("MMIO unmapped at unbind").isZero();
        assertThat(w.hw.requestedIrqs()).as("irq freed at unbind").isZero();
        assertThat(w.ns.paths()).isEmpty();
        assertThat(f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).errno()).isEqualTo(Errno.ENODEV);
        assertThat(f.ioctl(Vgpu.IOCTL_FLUSH, 1).errno()).isEqualTo(Errno.ENODEV);
        assertThat(f.ioctl(Vgpu.IOCTL_VERSION, 0).errno()).as("drm_ioctl: every ioctl, software ones too").isEqualTo(Errno.ENODEV);
        assertThat(f.ioctl(Vgpu.IOCTL_GET_CONNECTOR, 0).errno()).isEqualTo(Errno.ENODEV);
        assertThat(Kms.connectors(card0).get(0).status()).as("the KMS object lives on, inert").isEqualTo(ConnectorStatus.DISCONNECTED);
        assertThat(map.isZapped()).isTrue();
        assertThat(map.read(0)).as("dummy page reads zero").isZero();
        map.write(1, (byte) 9);
        assertThat(map.droppedWrites()).isEqualTo(1);
        int refs = card0.refCount();
        assertThatThrownBy(card0::open).isInstanceOf(ErrnoException.class).hasMessageContaining("ENODEV")
                .hasMessageContaining("card0").hasMessageContaining("unplugged");
        assertThat(card0.refCount()).as("a refused open keeps nothing").isEqualTo(refs);

        // rebind a new instance on the same parent while the old file is open: no name collision
        dev.bind();
        DrmDevice card1 = w.latest();
        assertThat(card1).isNotSameAs(card0);
        assertThat(card1.name()).isEqualTo("card1");
        assertThat(card1.isRegistered()).isTrue();
        assertThat(w.ns.paths()).contains("/dev/dri/card1", "/sys/devices/vgpu0/tile0");
        DrmFile f1 = card1.open();
        assertThat(f1.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).isOk()).isTrue();

        // close the old file (and its mapping): old drmm list released LIFO, then the final free, nothing after
        List<String> adds = new ArrayList<>();
        for (String e : w.of(card0)) {
            if (e.startsWith("ADD ")) {
                adds.add(e.substring(4));
            }
        }
        map.munmap();
        assertThat(card0.isFreed()).as("the file still holds it").isFalse();
        mark = w.mark();
        f.close();
        List<String> close = w.since(mark, card0);
        assertThat(close.get(0)).isEqualTo("CLOSE file1");
        assertThat(close.get(1)).isEqualTo("RELEASE card0");
        List<String> rels = close.stream().filter(s -> s.startsWith("REL ")).map(s -> s.substring(4)).toList();
        List<String> expected = new ArrayList<>(adds);
        Collections.reverse(expected);
        assertThat(rels).as("drmm released in exact reverse of registration").isEqualTo(expected);
        assertThat(rels.get(rels.size() - 1)).isEqualTo("drm_dev_init_release");
        assertThat(close.get(close.size() - 1)).as("the final free is the very last event").isEqualTo("FREE VgpuDevice");
        assertThat(card0.isFreed()).isTrue();
        assertThat(card0.managed().isClosed()).isTrue();
        assertThat(dev.refCount()).as("the old instance gave back its parent reference").isEqualTo(parentRefsBound);
        assertThat(w.ns.minors()).as("card1 and renderD129 left").containsExactly(1, 129);

        // the new instance is untouched
        assertThat(card1.isRegistered()).isTrue();
        assertThat(f1.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).isOk()).isTrue();
        f1.close();
        dev.del();
        assertThat(card1.isFreed()).isTrue();
        assertThat(w.ns.paths()).isEmpty();
        assertThat(w.ns.minors()).isEmpty();
        assertThat(w.hw.faults()).isEmpty();
    }

    @Test
    void vgpuOnAFauxDeviceLivesThroughDestroyWithAFileOpen() {
        World w = new World("faux-host");
        w.bus.unregisterDriver(w.vgpu);
        Vgpu.reserveInto(w.hw, "vkms0", 0x70000, 12);
        org.devres4j.driver.FauxDevice faux = org.devres4j.driver.FauxDevice.create(w.bus, "vkms0", w.vgpu::probe, w.vgpu::remove);
        DrmDevice card = w.latest();
        assertThat(card.parent()).isSameAs(faux.device());
        DrmFile f = card.open();
        assertThat(f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).value()).isEqualTo(Vgpu.CHIP_ID & 0xFFFFFFFFL);
        faux.destroy();
        assertThat(card.isUnplugged()).isTrue();
        assertThat(card.isFreed()).isFalse();
        assertThat(f.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).errno()).isEqualTo(Errno.ENODEV);
        assertThat(faux.device().isFreed()).as("the DRM device still holds its parent").isFalse();
        f.close();
        assertThat(card.isFreed()).isTrue();
        assertThat(faux.device().isFreed()).as("the last drmm action dropped the parent reference").isTrue();
        assertThat(w.of(card).get(w.of(card).size() - 1)).isEqualTo("FREE VgpuDevice");
        assertThat(w.ns.paths()).isEmpty();
        assertThat(w.hw.liveMappings()).isZero();
    }

    @Test
    void vgpuForgetsAFreedDeviceButKeepsOneAFileStillHolds() {
        World w = new World("vgpu-instances");
        Device dev = w.plugVgpu("vgpu0", 0x7000, 3);
        for (int i = 0; i < 20; i++) {
            assertThat(w.vgpu.instances()).as("cycle " + i + ": only the live card").hasSize(1);
            dev.unbind();
            assertThat(w.vgpu.instances()).as("cycle " + i + ": the freed card left the list").isEmpty();
            dev.bind();
        }
        DrmDevice card = w.latest();
        DrmFile f = card.open();
        dev.unbind();
        assertThat(card.isFreed()).isFalse();
        assertThat(w.vgpu.instances()).as("an open file keeps the card, and the list shows it").containsExactly(card);
        f.close();
        assertThat(card.isFreed()).isTrue();
        assertThat(w.vgpu.instances()).isEmpty();
        dev.del();
        dev.put();
    }
}
