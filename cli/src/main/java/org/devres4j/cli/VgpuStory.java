package org.devres4j.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.devres4j.core.TraceEvent;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.drm.ConnectorStatus;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmFile;
import org.devres4j.drm.DrmMapping;
import org.devres4j.uapi.Namespace;
import org.devres4j.uapi.Errno;
import org.devres4j.drm.Result;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;
import org.devres4j.hw.model.MemoryHardware;

/**
 * Part 2 of the demo, vgpu's hot-unplug story: probe and register, a userspace file with an ioctl and
 * an mmap, the unplug while the file is open (ioctls now fail with ENODEV, the connector reads
 * disconnected, the mapping reads zeros), a new instance bound on the same parent while the old file
 * is still open (no EEXIST), and the old file's close, which releases the old drmm list newest first
 * and then frees the containing object, last.
 *
 * <p><b>Lifetime:</b> the bus, the hardware and both DRM devices live for one {@link #run()}; the
 * device is deleted before it returns. <b>Order:</b> fixed, on the calling thread (the vgpu's flush
 * worker is not used). <b>Concurrency:</b> the event list is synchronized; everything else is
 * single-threaded.
 */
final class VgpuStory {

    private final Checks checks;
    private final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());

    VgpuStory(Checks checks) {
        this.checks = checks;
    }

    void run() throws Exception {
        Bus bus = new Bus("pci");
        MemoryHardware hw = new MemoryHardware();
        Vgpu vgpu = new Vgpu(hw, EnumSet.noneOf(VgpuBug.class), events::add);
        Namespace ns = bus.namespace();
        try (AutoCloseable trace = bus.addTraceListener(events::add)) {
            story(bus, hw, vgpu, ns);
        }
    }

    private void story(Bus bus, MemoryHardware hw, Vgpu vgpu, Namespace ns) {
        checks.say("2a. vgpu0 is plugged and probed: hardware on devres, software on drmm, then register");
        bus.registerDriver(vgpu);
        Device dev = bus.newDevice("vgpu0");
        Vgpu.plugInto(hw, dev, 0x10000, 5);
        dev.add();
        DrmDevice card0 = latest(vgpu);
        checks.say("    devres of vgpu0: " + String.join(", ", dev.devres().names()));
        checks.say("    drmm of " + card0.name() + ":   " + card0.managed().size() + " resources (state, KMS objects, lock, worker ...)");
        checks.say("    names: " + String.join(" ", ns.paths()));
        checks.check(dev.isBound() && card0.isRegistered() && ns.paths().contains("/dev/dri/card0"),
                "vgpu0 is bound and card0 is registered as /dev/dri/card0",
                "bound=" + dev.isBound() + ", registered=" + card0.isRegistered() + ", names " + ns.paths());

        checks.say("2b. a compositor opens /dev/dri/card0, issues an ioctl and maps a buffer");
        DrmFile file = card0.open();
        Result id = file.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID);
        int bo = (int) file.ioctl(Vgpu.IOCTL_CREATE_BUFFER, 4096).value();
        DrmMapping map = file.mmap(bo, 0, 4096);
        map.write(0, (byte) 7);
        checks.say("    ioctl VGPU_READ_REG(ID) = " + id + ", mmap of buffer " + bo + " reads " + map.read(0));
        checks.check(id.isOk() && id.value() == (Vgpu.CHIP_ID & 0xFFFFFFFFL) && map.read(0) == 7,
                "the ioctl reads the chip id and the mapping reads back what was written",
                "ioctl returned " + id + ", the mapping reads " + map.read(0));

        checks.say("2c. unplug vgpu0 while the file is open (the driver unbinds; drm_dev_unplug runs from devres)");
        int mark = events.size();
        dev.unbind();
        printSince(mark, e -> !e.verb().equals("ADD"));
        Result after = file.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID);
        Result version = file.ioctl(Vgpu.IOCTL_VERSION, 0);
        byte zero = map.read(0);
        checks.say("    after: ioctl = " + after + "; connector " + card0.connectors().get(0).status()
                + "; the mapping reads " + zero);
        checks.check(after.errno() == Errno.ENODEV && version.errno() == Errno.ENODEV,
                "every ioctl now fails with ENODEV, software-only ones too (drm_ioctl checks at entry)",
                "after the unplug the register ioctl returned " + after + ", the version ioctl " + version);
        checks.check(card0.connectors().get(0).status() == ConnectorStatus.DISCONNECTED,
                "the connector object lives on and reads disconnected",
                "the connector reads " + card0.connectors().get(0).status());
        checks.check(map.isZapped() && zero == 0, "the mapping was zapped: it reads zeros",
                "the mapping zapped=" + map.isZapped() + ", reads " + zero);
        checks.check(card0.isUnplugged() && !card0.isFreed() && dev.devres().isEmpty() && hw.liveMappings() == 0,
                "card0 is unplugged but alive (the file holds it); devres is empty, MMIO unmapped",
                "card0 unplugged=" + card0.isUnplugged() + ", freed=" + card0.isFreed() + ", devres "
                        + dev.devres().names() + ", live mappings " + hw.liveMappings());

        checks.say("2d. a new instance binds to the same parent while the old file is still open");
        mark = events.size();
        dev.bind();
        DrmDevice card1 = latest(vgpu);
        checks.say("    names: " + String.join(" ", ns.paths()));
        boolean eexist = events.subList(mark, events.size()).stream().anyMatch(e -> e.toString().contains("EEXIST"));
        checks.check(card1 != card0 && card1.isRegistered() && ns.paths().contains("/sys/devices/vgpu0/tile0") && !eexist,
                card1.name() + " registered, tile0 published again: no EEXIST",
                "rebind: new instance " + card1.name() + " registered=" + card1.isRegistered() + ", names " + ns.paths());

        checks.say("2e. the old file is closed: card0's last put releases its drmm list, newest first, then the final free");
        map.munmap();
        mark = events.size();
        file.close();
        List<TraceEvent> close = printSince(mark, e -> e.owner().equals(card0.name()));
        List<String> verbs = close.stream().map(TraceEvent::verb).toList();
        checks.check(!verbs.isEmpty() && verbs.get(verbs.size() - 1).equals("FREE") && verbs.indexOf("FREE") == verbs.size() - 1
                        && verbs.contains("REL") && card0.isFreed(),
                "card0's drmm list was released and the final free came last",
                "the close produced " + verbs + ", freed=" + card0.isFreed());
        checks.check(card1.isRegistered() && !card1.isFreed(), card1.name() + " is untouched",
                card1.name() + " registered=" + card1.isRegistered() + ", freed=" + card1.isFreed());

        dev.del();
        dev.put();
        checks.check(card1.isFreed() && ns.paths().isEmpty() && hw.faults().isEmpty(),
                "vgpu0 deleted: card1 freed, no name left, no hardware fault",
                "after del: card1 freed=" + card1.isFreed() + ", names " + ns.paths() + ", faults " + hw.faults());
    }

    private static DrmDevice latest(Vgpu vgpu) {
        List<DrmDevice> all = vgpu.instances();
        return all.get(all.size() - 1);
    }

    private List<TraceEvent> printSince(int mark, java.util.function.Predicate<TraceEvent> which) {
        List<TraceEvent> picked;
        synchronized (events) {
            picked = events.subList(mark, events.size()).stream().filter(which).toList();
        }
        for (TraceEvent e : picked) {
            checks.say("    " + e);
        }
        return picked;
    }
}
