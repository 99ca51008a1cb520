package org.devres4j.drm;

import org.devres4j.uapi.Namespace;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.devres4j.core.TraceEvent;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.hw.model.MemoryHardware;

/** A bus on the hardware model (which its rescan scans), a vgpu driver and a recorded event list, for the DRM tests. */
final class World {
    final Bus bus;
    final MemoryHardware hw = new MemoryHardware();
    final List<TraceEvent> events = Collections.synchronizedList(new ArrayList<>());
    final Vgpu vgpu;
    final Namespace ns;

    World(String busName, Set<VgpuBug> bugs) {
        this(busName, bugs, FaultHook.NONE);
    }

    World(String busName, Set<VgpuBug> bugs, FaultHook faults) {
        bus = new Bus(busName, Namespace.inMemory(busName), hw); // a rescan finds removed-but-present hardware
        vgpu = new Vgpu(hw, bugs.isEmpty() ? EnumSet.noneOf(VgpuBug.class) : EnumSet.copyOf(bugs), events::add, faults);
        ns = bus.namespace();
        bus.registerDriver(vgpu);
    }

    World(String busName) {
        this(busName, EnumSet.noneOf(VgpuBug.class));
    }

    /** Adds (and so probes) a vgpu device at a range of its own. */
    Device plugVgpu(String name, long base, int irq) {
        Device d = bus.newDevice(name);
        Vgpu.plugInto(hw, d, base, irq);
        d.add();
        return d;
    }

    DrmDevice latest() {
        List<DrmDevice> all = vgpu.instances();
        return all.get(all.size() - 1);
    }

    /** The events of one DRM device, as "VERB name" strings. */
    List<String> of(DrmDevice d) {
        synchronized (events) {
            return events.stream().filter(e -> e.owner().equals(d.name())).map(e -> e.verb() + " " + e.name()).toList();
        }
    }

    int mark() {
        return events.size();
    }

    List<String> since(int mark, DrmDevice d) {
        synchronized (events) {
            return events.subList(mark, events.size()).stream().filter(e -> e.owner().equals(d.name()))
                    .map(e -> e.verb() + " " + e.name()).toList();
        }
    }

    static DrmDriver plainDriver(List<TraceEvent> sink) {
        return plainDriver(sink, FaultHook.NONE);
    }

    static DrmDriver plainDriver(List<TraceEvent> sink, FaultHook faults) {
        return DrmDriver.builder("plain").features(DrmFeature.MODESET).trace(sink::add)
                .ioctl(0, "NOP", (f, a) -> a)
                .faults(faults)
                .build();
    }
}
