package org.devres4j.sim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;

/**
 * The kernel's reference driver {@link Vgpu} in the world: variant {@code fixed} or one of its
 * {@link VgpuBug}s by its script name.
 */
final class VgpuAdapter implements SimDriver {

    /** Script variant names and the bugs they build in. */
    static final Map<String, Set<VgpuBug>> VARIANTS = Map.of(
            "fixed", EnumSet.noneOf(VgpuBug.class),
            "devm-connector-state", EnumSet.of(VgpuBug.DEVM_CONNECTOR_STATE),
            "drmm-sysfs", EnumSet.of(VgpuBug.DRMM_SYSFS_REMOVAL),
            "drmm-mmio", EnumSet.of(VgpuBug.DRMM_MMIO_MAPPING),
            "unguarded", EnumSet.of(VgpuBug.UNGUARDED_HW_ACCESS));

    private final String variant;
    private final Vgpu vgpu;

    /** @return the script variant name that builds in exactly this bug */
    static String nameOf(VgpuBug bug) {
        for (Map.Entry<String, Set<VgpuBug>> e : VARIANTS.entrySet()) {
            if (e.getValue().equals(EnumSet.of(bug))) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("vgpu bug " + bug + " has no script variant name");
    }

    /** @return the bug a single-bug variant name builds in, or empty (also for {@code fixed}, unknown names) */
    static Optional<VgpuBug> bugNamed(String name) {
        Set<VgpuBug> bugs = name == null ? null : VARIANTS.get(name);
        return bugs == null || bugs.size() != 1 ? Optional.empty() : Optional.of(bugs.iterator().next());
    }

    VgpuAdapter(String variant, World world) {
        Set<VgpuBug> bugs = VARIANTS.get(variant);
        if (bugs == null) {
            throw new World.StepException("vgpu has no variant '" + variant + "': expected one of "
                    + new java.util.TreeSet<>(VARIANTS.keySet()));
        }
        this.variant = variant;
        this.vgpu = new Vgpu(world.hw, bugs, world::trace);
    }

    @Override
    public String name() {
        return "vgpu";
    }

    @Override
    public String variant() {
        return variant;
    }

    @Override
    public Driver driver() {
        return vgpu;
    }

    @Override
    public Optional<UserFile> open(Device device) {
        List<DrmDevice> all = vgpu.instances();
        for (int i = all.size() - 1; i >= 0; i--) {
            DrmDevice d = all.get(i);
            if (d.parent() == device && !d.isFreed() && d.isRegistered()) {
                return Optional.of(new DrmUserFile(d.open(), ioctlArgs()));
            }
        }
        return Optional.empty();
    }

    /** The argument each vgpu ioctl gets from a script (scripts name ioctls, they pass no values). */
    static Map<String, Long> ioctlArgs() {
        return Map.of(
                "read-reg", (long) Vgpu.REG_STATUS,
                "write-reg", ((long) Vgpu.REG_SCRATCH << 32) | 0x1234L,
                "create-buffer", 4096L,
                "flush", 1L);
    }

    @Override
    public List<LiveObject> liveObjects() {
        List<LiveObject> out = new ArrayList<>();
        for (DrmDevice d : vgpu.instances()) {
            if (!d.isFreed()) {
                out.add(LeakCheck.card(d));
            }
        }
        return out;
    }

    @Override
    public List<DrmDevice> cards() {
        return vgpu.instances();
    }
}
