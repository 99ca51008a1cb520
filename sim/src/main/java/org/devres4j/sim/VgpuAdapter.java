package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmMinorType;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;

/**
 * The kernel's reference driver {@link Vgpu} in the world: variant {@code fixed} or one of its
 * {@link VgpuBug}s by its script name.
 *
 * <p><b>Lifetime:</b> one per {@code load vgpu}; its DRM devices live until their last put.
 * <b>Order:</b> {@link #open} opens the newest registered instance on the device. <b>Concurrency:</b>
 * on the world's thread (the driver's flush worker only while a step waits for it).
 */
final class VgpuAdapter implements SimDriver {

    /** Script variant names and the bug each builds in (none for {@code fixed}). */
    private enum Variant {
        FIXED("fixed", null),
        DEVM_CONNECTOR_STATE("devm-connector-state", VgpuBug.DEVM_CONNECTOR_STATE),
        DRMM_SYSFS("drmm-sysfs", VgpuBug.DRMM_SYSFS_REMOVAL),
        DRMM_MMIO("drmm-mmio", VgpuBug.DRMM_MMIO_MAPPING),
        UNGUARDED("unguarded", VgpuBug.UNGUARDED_HW_ACCESS);

        final String word;
        final VgpuBug bug;

        Variant(String word, VgpuBug bug) {
            this.word = word;
            this.bug = bug;
        }

        static Optional<Variant> named(String word) {
            return java.util.Arrays.stream(values()).filter(v -> v.word.equals(word)).findFirst();
        }
    }

    private final String variant;
    private final Vgpu vgpu;

    /** @return the script variant name that builds in exactly this bug */
    static String nameOf(VgpuBug bug) {
        for (Variant v : Variant.values()) {
            if (v.bug == bug) {
                return v.word;
            }
        }
        throw new IllegalStateException("vgpu bug " + bug + " has no script variant name");
    }

    /** @return the bug a single-bug variant name builds in, or empty (also for {@code fixed}, unknown names) */
    static Optional<VgpuBug> bugNamed(String name) {
        return Variant.named(name).map(v -> v.bug);
    }

    VgpuAdapter(String variant, World world) {
        Variant v = Variant.named(variant).orElseThrow(() -> new ScenarioStepException("vgpu has no variant '"
                + variant + "': expected one of " + new java.util.TreeSet<>(java.util.Arrays.stream(Variant.values())
                .map(x -> x.word).toList())));
        this.variant = variant;
        this.vgpu = new Vgpu(world.hw, v.bug == null ? Set.of() : Set.of(v.bug), world.drmTrace());
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
    public Optional<UserFile> open(Device device, DrmMinorType node) {
        return DrmUserFile.openNewest(vgpu.instances(), device, node, ioctlArgs());
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
