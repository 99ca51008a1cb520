package org.devres4j.bench;

import java.lang.invoke.VarHandle;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmFile;
import org.devres4j.drm.Result;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.drivers.vgpu.VgpuBug;
import org.devres4j.hw.model.MemoryHardware;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the hot-unplug guard costs a real ioctl: {@code VGPU_READ_REG} of the chip id register on an
 * open file of a bound vgpu, dispatched through the driver's ioctl table. {@code ioctlGuarded} is
 * the fixed driver (enter, read, exit); {@code ioctlUnguarded} is the same driver built with
 * {@link VgpuBug#UNGUARDED_HW_ACCESS}, which does the same dispatch and the same read without the
 * enter/exit — the work minus the guard. {@code ioctlFenced} is the unguarded ioctl after one full
 * fence: the floor of any guard (see its Javadoc). Each has its own world (bus, hardware, driver), so
 * no member's setup shapes another's profile; bench/run measures each in a JVM of its own.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DrmBench {

    /** A bound vgpu and one open file on it. */
    public abstract static class World {
        DrmFile file;

        abstract Set<VgpuBug> bugs();

        @Setup
        public void setUp() {
            MemoryHardware hw = new MemoryHardware();
            Bus bus = new Bus("bench-" + getClass().getSimpleName().toLowerCase());
            Vgpu vgpu = new Vgpu(hw, bugs(), null);
            bus.registerDriver(vgpu);
            Device dev = bus.newDevice("vgpu0");
            Vgpu.plugInto(hw, dev, 0x10000, 5);
            dev.add();
            List<DrmDevice> drm = vgpu.instances();
            file = drm.get(drm.size() - 1).open();
            Result id = file.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID);
            if (id.value() != (Vgpu.CHIP_ID & 0xFFFFFFFFL)) {
                throw new IllegalStateException("DrmBench setup: VGPU_READ_REG of the id register gave " + id
                        + ", not the vgpu chip id; the benchmark would measure an error path");
            }
        }

        @TearDown
        public void tearDown() {
            file.close();
        }
    }

    /** The fixed vgpu: hardware reads inside enter/exit. */
    @State(Scope.Thread)
    public static class Guarded extends World {
        @Override
        Set<VgpuBug> bugs() {
            return EnumSet.noneOf(VgpuBug.class);
        }
    }

    /** The vgpu without the guard around hardware reads. */
    @State(Scope.Thread)
    public static class Unguarded extends World {
        @Override
        Set<VgpuBug> bugs() {
            return EnumSet.of(VgpuBug.UNGUARDED_HW_ACCESS);
        }
    }

    @Benchmark
    public long ioctlGuarded(Guarded w) {
        return w.file.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).value();
    }

    @Benchmark
    public long ioctlUnguarded(Unguarded w) {
        return w.file.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).value();
    }

    /**
     * The floor of any hot-unplug guard: the unguarded ioctl preceded by one {@link VarHandle#fullFence()}.
     * A guard that can refuse a reader racing with a concurrent unplug is a Dekker handshake — the reader
     * stores "I am in" and then loads "is it unplugged?", the unplugger stores "unplugged" and then loads
     * the readers' marks — and each side needs a StoreLoad fence between its store and its load, or both
     * can miss the other. Java has no asymmetric fence (the kernel's {@code membarrier}, which would let
     * the rare unplugger pay for the readers), so the reader's fence stays on the ioctl's path; this is
     * the same fence the tracked gate executes at enter. The rows "unguarded + one fence vs unguarded"
     * (the floor) and "guarded vs unguarded + one fence" (what the guard costs above its fence) read it.
     */
    @Benchmark
    public long ioctlFenced(Unguarded w) {
        VarHandle.fullFence();
        return w.file.ioctl(Vgpu.IOCTL_READ_REG, Vgpu.REG_ID).value();
    }
}
