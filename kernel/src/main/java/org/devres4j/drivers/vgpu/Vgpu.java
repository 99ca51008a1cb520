package org.devres4j.drivers.vgpu;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.devres4j.core.Managed;
import org.devres4j.core.TraceListener;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.drm.Connector;
import org.devres4j.drm.ConnectorStatus;
import org.devres4j.drm.Crtc;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmDriver;
import org.devres4j.drm.DrmEvents;
import org.devres4j.drm.DrmFeature;
import org.devres4j.drm.DrmFile;
import org.devres4j.drm.DrmSection;
import org.devres4j.drm.Drmm;
import org.devres4j.drm.Encoder;
import org.devres4j.drm.FaultHook;
import org.devres4j.drm.Kms;
import org.devres4j.drm.Plane;
import org.devres4j.drm.SysfsEntry;
import static org.devres4j.drm.DrmIoctlFlag.RENDER_ALLOW;
import org.devres4j.hw.Hardware;
import org.devres4j.hw.Io;
import org.devres4j.hw.IoMapping;
import org.devres4j.hw.MmioRange;
import org.devres4j.hw.model.MemoryHardware;
import org.devres4j.hw.model.RegisterModel;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * The reference driver: a virtual GPU (think vkms) with one register range and one interrupt line,
 * written the way seed 004's rule of thumb says — the example to copy:
 * <ul>
 *   <li>devm for hardware: the MMIO mapping, the interrupt line, the hardware shutdown;
 *   <li>devm for withdrawing userspace: {@code drm_dev_unplug} and the sysfs entry removal are devres
 *       actions, so they run at unbind;
 *   <li>drmm for software: the device state, the KMS objects, the lock, the ordered worker;
 *   <li>enter/exit around every access from the software side (ioctls, connector detect, worker).
 * </ul>
 * Built with {@link VgpuBug}s it breaks one rule each, for the simulator's side-by-side demo.
 *
 * <p><b>Lifetime:</b> one {@link DrmDevice} per binding (devm-allocated: open files keep it alive
 * after unbind), with a primary and a render node; the device's driver data is its {@link VgpuDevice} while
 * bound. At unbind the devres list runs, newest first: unplug (mark, wait, unregister, zap)
 * → remove sysfs {@code tile0} → free the interrupt → hardware shutdown (CTRL = 0) → drop the DRM
 * reference → unmap. <b>Order:</b> see above; probe failures unwind the same way. <b>Concurrency:</b>
 * ioctls may run on many threads and concurrently with unbind.
 *
 * <p>Registers (32-bit): {@link #REG_ID} reads {@link #CHIP_ID}; {@link #REG_CTRL} bit 0 enables the
 * device; {@link #REG_STATUS} bit 0 means a sink is connected; {@link #REG_SCRATCH} is free to use.
 */
public final class Vgpu implements Driver {
    /** The chip id register. */
    public static final int REG_ID = 0x0;
    /** The control register: bit 0 enables scanout. */
    public static final int REG_CTRL = 0x4;
    /** The status register: bit 0 = connected. */
    public static final int REG_STATUS = 0x8;
    /** A scratch register the flush ioctl writes. */
    public static final int REG_SCRATCH = 0xC;
    /** The size of the register range. */
    public static final int MMIO_SIZE = 0x100;
    /** What {@link #REG_ID} reads on a vgpu: "VGPU". */
    public static final int CHIP_ID = 0x56475055;

    /** ioctl: driver version (software; render node too). */
    public static final int IOCTL_VERSION = 0;
    /** ioctl: connector status, 1 connected / 0 disconnected, plus mode count × 16 (software + detect; KMS: primary node only). */
    public static final int IOCTL_GET_CONNECTOR = 1;
    /** ioctl: read register {@code arg} (hardware; render node too). */
    public static final int IOCTL_READ_REG = 2;
    /** ioctl: write register {@code arg >>> 32} with {@code (int) arg} (hardware; render node too). */
    public static final int IOCTL_WRITE_REG = 3;
    /** ioctl: create a buffer object of {@code arg} bytes, returns its handle (software; render node too). */
    public static final int IOCTL_CREATE_BUFFER = 4;
    /** ioctl: the vblank counter (software; primary node only). */
    public static final int IOCTL_VBLANK_COUNT = 5;
    /** ioctl: flush through the ordered worker, which writes {@code arg} to the scratch register (hardware; render node too). */
    public static final int IOCTL_FLUSH = 6;
    /** The driver version the version ioctl returns. */
    public static final long VERSION = 1;

    /**
     * The vgpu chip's register model, for whoever plugs a vgpu into the hardware model: {@link #REG_ID} reads
     * {@link #CHIP_ID}, {@link #REG_STATUS} reads 1 (a sink is connected), every other register 0.
     */
    public static final RegisterModel REGISTERS = (range, offset) -> offset == REG_ID ? CHIP_ID : offset == REG_STATUS ? 1 : 0;

    private final Hardware hardware;
    private final FaultHook faults;
    private final Set<VgpuBug> bugs;
    private final DrmDriver drmDriver;
    private final List<DrmDevice> instances = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The fixed driver.
     *
     * @param hardware the hardware its devices live on
     */
    public Vgpu(Hardware hardware) {
        this(hardware, EnumSet.noneOf(VgpuBug.class), null);
    }

    /**
     * A driver with the given bugs and no trace listener.
     *
     * @param hardware the hardware
     * @param bugs     the bugs (none: the fixed driver)
     */
    public Vgpu(Hardware hardware, VgpuBug... bugs) {
        this(hardware, bugs.length == 0 ? EnumSet.noneOf(VgpuBug.class) : EnumSet.copyOf(List.of(bugs)), null);
    }

    /**
     * A driver with the given bugs (empty: the fixed one).
     *
     * @param hardware the hardware
     * @param bugs     the bugs
     * @param trace    a listener for every DRM event of its devices (may be null)
     */
    public Vgpu(Hardware hardware, Set<VgpuBug> bugs, TraceListener trace) {
        this(hardware, bugs, trace, FaultHook.NONE);
    }

    /**
     * A driver with the given bugs and a fault-injection hook (tests: every probe step and every
     * allocation step of its DRM devices asks the hook first).
     *
     * @param hardware the hardware
     * @param bugs     the bugs
     * @param trace    a listener for every DRM event of its devices (may be null)
     * @param faults   the fault-injection hook
     */
    public Vgpu(Hardware hardware, Set<VgpuBug> bugs, TraceListener trace, FaultHook faults) {
        this.hardware = Objects.requireNonNull(hardware, "Vgpu: the hardware must not be null");
        this.faults = Objects.requireNonNull(faults, "Vgpu: the fault hook must not be null (FaultHook.NONE for none)");
        Objects.requireNonNull(bugs, "Vgpu: the bug set must not be null (empty means the fixed driver)");
        this.bugs = bugs.isEmpty() ? EnumSet.noneOf(VgpuBug.class) : EnumSet.copyOf(bugs);
        DrmDriver.Builder b = DrmDriver.builder("vgpu")
                .features(DrmFeature.MODESET, DrmFeature.GEM, DrmFeature.ATOMIC, DrmFeature.RENDER)
                .ioctl(IOCTL_VERSION, "VGPU_VERSION", (f, arg) -> VERSION, RENDER_ALLOW)
                .ioctl(IOCTL_GET_CONNECTOR, "VGPU_GET_CONNECTOR", (f, arg) -> state(f).getConnector())
                .ioctl(IOCTL_READ_REG, "VGPU_READ_REG", (f, arg) -> state(f).readReg(arg), RENDER_ALLOW)
                .ioctl(IOCTL_WRITE_REG, "VGPU_WRITE_REG", (f, arg) -> state(f).writeReg(arg), RENDER_ALLOW)
                .ioctl(IOCTL_CREATE_BUFFER, "VGPU_CREATE_BUFFER", (f, arg) -> f.createBuffer("bo", arg), RENDER_ALLOW)
                .ioctl(IOCTL_VBLANK_COUNT, "VGPU_VBLANK_COUNT", (f, arg) -> state(f).vblanks.get().get())
                .ioctl(IOCTL_FLUSH, "VGPU_FLUSH", (f, arg) -> state(f).flush((int) arg), RENDER_ALLOW);
        if (trace != null) {
            b.trace(trace);
        }
        this.drmDriver = b.faults(faults).build();
    }

    /**
     * Plugs a vgpu into the hardware model: one range at {@code base}, one line, its registers at
     * {@link #REGISTERS} (the chip id, a sink connected).
     *
     * @param hw     the hardware
     * @param device the device
     * @param base   the range base
     * @param irq    the line
     */
    public static void plugInto(MemoryHardware hw, Device device, long base, int irq) {
        hw.plug(device, List.of(new MmioRange("bar0", base, MMIO_SIZE)), List.of(irq), REGISTERS);
    }

    /**
     * Reserves vgpu hardware for a device that will be created later under {@code deviceName} — for a
     * vgpu on a {@link org.devres4j.driver.FauxDevice}, which is created and probed in one step.
     *
     * @param hw         the hardware
     * @param deviceName the future device's name
     * @param base       the range base
     * @param irq        the line
     */
    public static void reserveInto(MemoryHardware hw, String deviceName, long base, int irq) {
        hw.reserve(deviceName, List.of(new MmioRange("bar0", base, MMIO_SIZE)), List.of(irq), REGISTERS);
    }

    @Override
    public String name() {
        return "vgpu";
    }

    /** @return the bugs this driver was built with (empty: fixed) */
    public Set<VgpuBug> bugs() {
        return EnumSet.copyOf(bugs.isEmpty() ? EnumSet.noneOf(VgpuBug.class) : bugs);
    }

    /** @return the DRM driver description (name, features, ioctl table) */
    public DrmDriver drmDriver() {
        return drmDriver;
    }

    /**
     * @return the DRM devices this driver allocated that are not freed yet, oldest first; a device leaves
     *         the list at its final free ({@link DrmEvents#FREE}), so the driver keeps nothing of a freed
     *         device alive (hold the device yourself to look at it after its free)
     */
    public List<DrmDevice> instances() {
        return List.copyOf(instances);
    }

    private static VgpuDevice state(DrmFile f) {
        return f.device().container(VgpuDevice.class);
    }

    @Override
    public void probe(BoundDevice bound) throws Exception {
        Device dev = bound.device();
        faults.check("vgpu probe: ioremap");
        boolean drmmMmio = bugs.contains(VgpuBug.DRMM_MMIO_MAPPING);
        IoMapping mmio = drmmMmio ? Io.ioremap(hardware, dev, 0) : Io.devmIoremap(bound, hardware, 0);
        DrmDevice drm;
        try {
            faults.check("vgpu probe: chip id");
            int id = mmio.access(bound).read32(REG_ID);
            if (id != CHIP_ID) {
                throw new IllegalStateException("vgpu probe of " + dev.name() + ": chip id 0x" + Integer.toHexString(id)
                        + " is not 0x" + Integer.toHexString(CHIP_ID));
            }
            drm = DrmDevice.devmAlloc(drmDriver, bound, d -> new VgpuDevice(d, mmio));
        } catch (RuntimeException e) {
            if (drmmMmio) {
                mmio.unmap();
            }
            throw e;
        }
        instances.add(drm);
        drm.addTraceListener(e -> {
            if (e.verb().equals(DrmEvents.FREE)) {
                instances.remove(drm);
            }
        });
        VgpuDevice v = drm.container(VgpuDevice.class);
        if (drmmMmio) {
            // BUG (DRMM_MMIO_MAPPING): hardware teardown tied to the DRM device's last put
            drm.managed().addOrReset("vgpu hw fini + iounmap", d -> {
                mmio.unguardedAccess().write32(REG_CTRL, 0);
                mmio.unmap();
            });
        } else {
            bound.devres().add("vgpu hw fini", d -> mmio.access(bound).write32(REG_CTRL, 0));
        }
        faults.check("vgpu probe: software state");
        v.vblanks = drm.managed().alloc("vgpu vblank counter", AtomicLong::new);
        v.lock = Drmm.mutex(drm, "vgpu modeset");
        v.worker = Drmm.orderedWorker(drm, "vgpu-flush");
        v.connectorState = bugs.contains(VgpuBug.DEVM_CONNECTOR_STATE)
                ? bound.devres().alloc("vgpu connector state", ConnectorState::new)   // BUG: software on devres
                : drm.managed().alloc("vgpu connector state", ConnectorState::new);
        faults.check("vgpu probe: kms");
        Kms.modeConfigInit(drm);
        Plane plane = Kms.plane(drm, "primary");
        Crtc crtc = Kms.crtc(drm, "crtc-0");
        Encoder enc = Kms.encoder(drm, "Virtual");
        v.connector = Kms.connector(drm, "Virtual-1",
                (c, guard) -> (mmio.access(guard).read32(REG_STATUS) & 1) != 0 ? ConnectorStatus.CONNECTED : ConnectorStatus.DISCONNECTED);
        // the connector's destroy hook: its probed modes go with it, at the last put (with the DEVM_CONNECTOR_STATE
        // bug the state was released at unbind, so this is the use-after-free — ioctls cannot reach it: ENODEV)
        drm.managed().add("vgpu connector destroy", d -> v.connectorState.get().modes = 0);
        assert plane != null && crtc != null && enc != null;
        if (!hardware.irqs(dev).isEmpty()) {
            faults.check("vgpu probe: irq");
            Io.devmRequestIrq(bound, hardware, 0, "vgpu", irq -> v.vblank());
        }
        faults.check("vgpu probe: sysfs");
        SysfsEntry tile = SysfsEntry.create(drm, "tile0");
        if (bugs.contains(VgpuBug.DRMM_SYSFS_REMOVAL)) {
            drm.managed().addOrReset("sysfs remove tile0", d -> tile.remove());   // BUG: the xe bug of seed 004
        } else {
            bound.devres().addOrReset("sysfs remove tile0", d -> tile.remove());
        }
        faults.check("vgpu probe: enable");
        mmio.access(bound).write32(REG_CTRL, 1);
        dev.setDriverData(v); // dev_set_drvdata: cleared by the driver core after the unbind's devres release
        drm.register();
        bound.devres().add("drm_dev_unplug " + drm.name(), d -> drm.unplug());
    }

    /** The modes a connector reports: software state. */
    static final class ConnectorState {
        volatile int modes = 3;
    }

    /**
     * The containing object of a vgpu DRM device: freed last, after the drmm list.
     *
     * <p><b>Lifetime:</b> that of its {@link DrmDevice}: freed by the final free, after the drmm list.
     * <b>Order:</b> its software parts (counter, lock, worker, connector state) are drmm resources,
     * released newest first before it. <b>Concurrency:</b> thread-safe; register accesses go through
     * enter/exit (except in the {@link VgpuBug#UNGUARDED_HW_ACCESS} variant).
     */
    public final class VgpuDevice {
        private final DrmDevice drm;
        private final IoMapping mmio;
        volatile Managed<AtomicLong> vblanks;
        volatile Managed<ReentrantLock> lock;
        volatile Managed<ExecutorService> worker;
        volatile Managed<ConnectorState> connectorState;
        volatile Connector connector;

        VgpuDevice(DrmDevice drm, IoMapping mmio) {
            this.drm = drm;
            this.mmio = mmio;
        }

        /** @return the DRM device */
        public DrmDevice drm() {
            return drm;
        }

        /** @return the register mapping */
        public IoMapping mmio() {
            return mmio;
        }

        /** @return the connector */
        public Connector connector() {
            return connector;
        }

        /** @return vblank interrupts seen */
        public long vblankCount() {
            return vblanks.get().get();
        }

        void vblank() {
            vblanks.get().incrementAndGet();
        }

        long getConnector() {
            int modes = connectorState.get().modes;
            return (connector.status() == ConnectorStatus.CONNECTED ? 1 : 0) | ((long) modes << 4);
        }

        long readReg(long offset) {
            if (bugs.contains(VgpuBug.UNGUARDED_HW_ACCESS)) {
                return mmio.unguardedAccess().read32(offset) & 0xFFFFFFFFL;   // BUG: no enter/exit
            }
            try (DrmSection s = drm.enterOrEnodev()) {
                return mmio.read32(s, offset) & 0xFFFFFFFFL;   // no view object: see IoMapping.read32(Guard, long)
            }
        }

        long writeReg(long arg) {
            long offset = arg >>> 32;
            int value = (int) arg;
            if (bugs.contains(VgpuBug.UNGUARDED_HW_ACCESS)) {
                mmio.unguardedAccess().write32(offset, value);   // BUG: no enter/exit
                return 0;
            }
            try (DrmSection s = drm.enterOrEnodev()) {
                mmio.write32(s, offset, value);
                return 0;
            }
        }

        long flush(int value) {
            Future<Boolean> f = worker.get().submit(() -> {
                ReentrantLock l = lock.get();
                l.lock();
                try (DrmSection s = drm.enter()) {
                    if (!s.entered()) {
                        return false;
                    }
                    mmio.access(s).write32(REG_SCRATCH, value);
                    return true;
                } finally {
                    l.unlock();
                }
            });
            try {
                if (!f.get()) {
                    throw new ErrnoException(Errno.ENODEV, drm.name() + " is unplugged: flush did not reach the hardware");
                }
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ErrnoException(Errno.EBUSY, "flush on " + drm.name() + " interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException("flush on " + drm.name() + " failed", e.getCause());
            }
        }
    }
}
