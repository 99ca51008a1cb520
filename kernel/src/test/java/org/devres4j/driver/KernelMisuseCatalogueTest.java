package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.devres4j.core.Gate;
import org.devres4j.core.Handle;
import org.devres4j.core.IllegalReferenceCountException;
import org.devres4j.core.ListClosedException;
import org.devres4j.core.UseAfterFreeException;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.drm.Bridge;
import org.devres4j.drm.BridgeRegistry;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmDriver;
import org.devres4j.drm.DrmFeature;
import org.devres4j.drm.DrmFile;
import org.devres4j.drm.DrmMapping;
import org.devres4j.drm.DrmMinorType;
import org.devres4j.drm.DrmNode;
import org.devres4j.drm.DrmSection;
import org.devres4j.drm.ForwardingNamespace;
import org.devres4j.drm.Kms;
import org.devres4j.drm.Result;
import org.devres4j.drm.SysfsEntry;
import org.devres4j.hw.Io;
import org.devres4j.hw.IoMapping;
import org.devres4j.hw.IrqLine;
import org.devres4j.hw.MmioRange;
import org.devres4j.hw.RawMmio;
import org.devres4j.hw.model.HardwareFault;
import org.devres4j.hw.model.MemoryHardware;
import org.devres4j.hw.model.RegisterModel;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of kernel-layer API misuse (issue 10; DESIGN.md invariant 9), the kernel counterpart of core's
 * {@code MisuseCatalogueTest}: every misuse of the driver core (binding, registration, devres, driver data,
 * references, rescan and remove), of DRM (register, unplug, enter/exit, files and ioctls, drmm, get/put, nodes,
 * mode config, minors), of the hardware model (mappings, address width, IRQs) and of the uapi types, in one table,
 * through the public API a driver or a user has. Each row runs on a fresh {@link World} and checks the outcome
 * exactly — the exception's type and message naming the object and the rule broken, or the errno a userspace call
 * answers, or the documented no-op result — and that nothing observable changed: every device, driver, DRM device,
 * file, mapping, line, minor and published name reads as before.
 */
class KernelMisuseCatalogueTest {

    private static final long BAR = 0x1000_0000L;
    private static final long GHOST_BAR = 0x2000_0000L;

    /** Everything a misuse could disturb, made fresh for each row. */
    static final class World {
        final MemoryHardware hw = new MemoryHardware();
        final Bus bus = new Bus("platform", Namespace.inMemory("platform"), hw);
        final Bus usb = new Bus("usb");
        final AtomicInteger probes = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();
        final AtomicInteger irqs = new AtomicInteger();
        final List<String> scanned = new ArrayList<>(List.of("pci0"));
        final Bus pci = new Bus("pci", Namespace.inMemory("pci"), b -> scanned);
        final Driver gpu = driver("gpu");
        final Driver hub = driver("hub");
        final Driver spare = driver("spare");
        final Device bound;      // gpu0: added, bound to gpu, plugged, mapped, its irq requested
        final Device idle;       // idle0: added, no driver matches it
        final Device fresh;      // gpu1: never added
        final Device deleted;    // gpu2: added, then deleted; the creator's reference kept
        final Device freed;      // gpu3: its last reference dropped
        final Device unbound;    // gpu4: was bound, unbound by hand
        final Device root;       // root0: a root device
        final Device onUsb;      // hub0 on the usb bus, bound to hub
        final Device ghost;      // ghost0: hardware only, plugged then removed
        final FauxDevice faux;
        final FauxDevice destroyedFaux;
        final BoundDevice stale; // the binding of gpu4, ended
        final IoMapping mapping;
        final IoMapping unmapped;
        final IoMapping ghostMapping;
        final IrqLine line;
        final IrqLine freedLine;
        final IrqLine ghostLine;
        final DrmDriver drmDriver = DrmDriver.builder("plain").features(DrmFeature.MODESET, DrmFeature.RENDER)
                .ioctl(0, "NOP", (f, a) -> a).build();
        final DrmDriver noRender = DrmDriver.builder("norender").features(DrmFeature.MODESET).build();
        final DrmDevice drm;           // card0: registered, mode config initialized, one file open
        final DrmDevice unregistered;  // not registered yet, no owner for the final free
        final DrmDevice unplugged;     // registered, one file open, then unplugged
        final DrmDevice released;      // its last put done
        final DrmDevice primaryOnly;   // registered, of a driver without RENDER
        final DrmFile file;
        final DrmFile renderFile;
        final DrmFile closed;
        final DrmFile staleFile;
        final Handle drmmAction;
        final Handle foreignDrmm;
        final Bus tiny;                // one primary and one extended minor
        final BoundDevice binding;     // gpu0's binding, live
        final int fb;                  // a 64-byte buffer on file
        final DrmMapping view;         // bytes [0, 16) of fb
        final int staleHandle;         // a buffer on staleFile, made before the unplug
        final SysfsEntry sysfs;
        final SysfsEntry removedSysfs;
        final Bridge bridge = Bridge.create("lvds", b -> { });
        final Bridge deadBridge = Bridge.create("edp", b -> { });
        final Bridge devmBridge;       // allocated on gpu4's binding, which ended
        final BridgeRegistry bridges = new BridgeRegistry();

        World() {
            bus.registerDriver(gpu);
            usb.registerDriver(hub);
            bound = bus.newDevice("gpu0");
            hw.plug(bound, List.of(new MmioRange("bar0", BAR, 0x1000)), List.of(40));
            bound.add();
            idle = bus.newDevice("idle0");
            idle.add();
            fresh = bus.newDevice("gpu1");
            deleted = bus.newDevice("gpu2");
            deleted.add();
            deleted.del();
            freed = bus.newDevice("gpu3");
            freed.put();
            unbound = bus.newDevice("gpu4");
            unbound.add();
            stale = unbound.driverData(BoundDevice.class).orElseThrow();
            devmBridge = Bridge.devmAlloc(stale, "dsi");
            unbound.unbind();
            binding = bound.driverData(BoundDevice.class).orElseThrow();
            deadBridge.put();
            bridges.add(bridge);
            root = bus.registerRootDevice("root0");
            onUsb = usb.newDevice("hub0");
            onUsb.add();
            faux = FauxDevice.create(bus, "vkms", null, null);
            destroyedFaux = FauxDevice.create(bus, "vfake", null, null);
            destroyedFaux.destroy();
            mapping = Io.ioremap(hw, bound, 0);
            unmapped = Io.ioremap(hw, bound, 0);
            unmapped.unmap();
            line = Io.requestIrq(hw, bound, 0, "gpu0-irq", n -> irqs.incrementAndGet());
            ghost = bus.newDevice("ghost0");
            hw.plug(ghost, List.of(new MmioRange("bar0", GHOST_BAR, 0x1000)), List.of(41, 42));
            ghostMapping = Io.ioremap(hw, ghost, 0);
            ghostLine = Io.requestIrq(hw, ghost, 0, "ghost-irq", n -> { });
            freedLine = Io.requestIrq(hw, ghost, 1, "ghost-irq2", n -> { });
            freedLine.free();
            hw.unplug(ghost);

            drm = DrmDevice.alloc(drmDriver, bound, d -> "container of card0");
            Kms.modeConfigInit(drm);
            drm.register();
            file = drm.open();
            renderFile = drm.open(DrmMinorType.RENDER);
            closed = drm.open();
            closed.close();
            fb = file.createBuffer("fb", 64);
            view = file.mmap(fb, 0, 16);
            file.mmap(fb, 0, 16).munmap();
            sysfs = SysfsEntry.create(drm, "power");
            removedSysfs = SysfsEntry.create(drm, "gone");
            removedSysfs.remove();
            drmmAction = drm.managed().add("drmm action", d -> releases.incrementAndGet());
            unregistered = DrmDevice.alloc(drmDriver, bound);
            foreignDrmm = unregistered.managed().add("foreign action", d -> releases.incrementAndGet());
            unplugged = DrmDevice.alloc(drmDriver, bound, d -> "container");
            unplugged.register();
            staleFile = unplugged.open();
            staleHandle = staleFile.createBuffer("old", 64);
            unplugged.unplug();
            released = DrmDevice.alloc(drmDriver, bound, d -> "container");
            primaryOnly = DrmDevice.alloc(noRender, bound, d -> "container");
            primaryOnly.register();
            released.put(); // after primaryOnly took its minor: the names in the messages stay card3 and card4
            tiny = new Bus("tiny", new OneMinorPerRange("tiny"));
            probes.set(0);
            releases.set(0);
        }

        /** A driver that adds one devres action and keeps its binding as driver data. */
        Driver driver(String name) {
            return TestDrivers.driver(name, dev -> {
                probes.incrementAndGet();
                dev.devres().add("res", d -> releases.incrementAndGet());
                dev.device().setDriverData(dev);
            }, dev -> { });
        }

        /** Everything observable, as one comparable value. */
        List<Object> state() {
            List<Object> s = new ArrayList<>();
            List<Device> all = List.of(bound, idle, fresh, deleted, freed, unbound, root, onUsb, ghost, faux.device(),
                    destroyedFaux.device());
            for (Device d : all) {
                s.add(d.name() + " registered=" + d.isRegistered() + " deleted=" + d.isDeleted() + " freed=" + d.isFreed()
                        + " bound=" + d.isBound() + " driver=" + d.driver().map(Driver::name) + " refs=" + d.refCount()
                        + " devres=" + d.devres().names() + " closed=" + d.devres().isClosed() + " data=" + d.driverData().isPresent()
                        + " deferred=" + d.isProbeDeferred());
            }
            for (Bus b : List.of(bus, usb, pci, tiny)) {
                s.add(b.name() + " devices=" + b.devices().stream().map(Device::name).toList() + " live="
                        + b.liveDevices().stream().map(Device::name).toList()
                        + " drivers=" + b.drivers().stream().map(Driver::name).toList()
                        + " strict=" + b.isStrictDevres() + " paths=" + b.namespace().paths().stream().sorted().toList()
                        + " minors=" + b.namespace().minors());
            }
            for (DrmDevice d : List.of(drm, unregistered, unplugged, released, primaryOnly)) {
                s.add(d.name() + " refs=" + d.refCount() + " registered=" + d.isRegistered() + " unplugged=" + d.isUnplugged()
                        + " freed=" + d.isFreed() + " files=" + d.openFiles() + " maps=" + d.liveMappings() + " inside="
                        + d.sectionsInside() + " drmm=" + d.managed().names() + " modes=" + Kms.isModeConfigInitialized(d)
                        + " connectors=" + Kms.connectors(d).size() + " crtcs=" + Kms.crtcs(d).size());
            }
            for (DrmFile f : List.of(file, renderFile, closed, staleFile)) {
                s.add(f + " open=" + f.isOpen());
            }
            s.add(List.of(faux.isDestroyed(), destroyedFaux.isDestroyed(), stale.isValid(), mapping.isMapped(), unmapped.isMapped(),
                    ghostMapping.isMapped(), line.isRequested(), freedLine.isRequested(), ghostLine.isRequested(),
                    hw.liveMappings(), hw.requestedIrqs(),
                    hw.isPlugged(bound), hw.isPlugged(ghost), hw.peek(bound, 0), probes.get(), releases.get(), irqs.get(),
                    drm.managed().contains(drmmAction), unregistered.managed().contains(foreignDrmm), binding.isValid(),
                    file.buffer(fb).isPresent(), staleFile.buffer(staleHandle).isPresent(), view.isZapped(), view.read(0),
                    sysfs.isPresent(), removedSysfs.isPresent(), bridge.refCount(), bridge.isDestroyed(), deadBridge.isDestroyed(),
                    devmBridge.isDestroyed()));
            return s;
        }
    }

    /** A namespace whose every minor range holds one minor: the second allocation of a range finds it full. */
    private static final class OneMinorPerRange extends ForwardingNamespace {
        OneMinorPerRange(String name) {
            super(name);
        }

        @Override
        public int allocMinor(String owner, int first, int last) {
            return inner.allocMinor(owner, first, first);
        }
    }

    /** What a refusal looks like. */
    sealed interface Outcome permits Refused, Answered, Returns, Detected {
    }

    /**
     * Thrown: this exact type and this exact message, where {@link #THREAD} stands for the name of the thread that runs the
     * row (it made the World, so it is the thread a message names).
     */
    record Refused(Class<? extends Throwable> type, String message) implements Outcome {
        String on(Thread t) {
            return message.replace(THREAD, t.getName());
        }
    }

    /** Where a message names the row's own thread. */
    static final String THREAD = "{thread}";

    /** Answered with an errno, as userspace sees it: thrown as an {@link ErrnoException}, or returned as a {@link Result}. */
    record Answered(Errno errno, String message) implements Outcome {
    }

    /** Handled as a documented no-op: returns this value and changes nothing. */
    record Returns(Object value) implements Outcome {
    }

    /** Not refusable (the hardware side): the model lets it happen, returns this value and reports one fault of this kind. */
    record Detected(HardwareFault.Kind kind, Object value, String fault) implements Outcome {
    }

    @FunctionalInterface
    interface Bad {
        Object run(World w) throws Exception;
    }

    /** One row: the misuse and its exact outcome. */
    record Misuse(String what, Outcome outcome, Bad bad) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final Class<NullPointerException> NPE = NullPointerException.class;
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Class<IllegalStateException> ISE = IllegalStateException.class;
    private static final Class<UseAfterFreeException> UAF = UseAfterFreeException.class;
    private static final String DRM_RELEASED = " refused: the device was released at its last put (final free done); nothing may "
            + "use a DRM device after its last reference is gone — hold a reference (get/put) to keep it";

    private static Refused refused(Class<? extends Throwable> type, String message) {
        return new Refused(type, message);
    }

    private static Answered errno(Errno errno, String message) {
        return new Answered(errno, message);
    }

    private static Returns returns(Object value) {
        return new Returns(value);
    }

    /** One operation on a device, for the refusals several operations share. */
    @FunctionalInterface
    interface OnDevice {
        void run(Device d) throws Exception;
    }

    record DeviceOp(String name, OnDevice call) {
    }

    /** A void call, as a row's action. */
    @FunctionalInterface
    interface Call {
        void run(World w) throws Exception;
    }

    /** A misuse that needs a set-up: the set-up, the misuse, then the set-up undone whatever the misuse did. */
    private static Bad staged(Call setUp, Call misuse, Call undo) {
        return w -> {
            setUp.run(w);
            try {
                misuse.run(w);
            } finally {
                undo.run(w);
            }
            return null;
        };
    }

    private static Bad call(Call c) {
        return w -> {
            c.run(w);
            return null;
        };
    }

    static Stream<Misuse> catalogue() {
        List<Misuse> m = new ArrayList<>();
        driverCore(m);
        drm(m);
        hardware(m);
        uapi(m);
        return m.stream();
    }

    // ====================================================================== driver core

    private static void driverCore(List<Misuse> m) {
        // ------------------------------------------------------------ binding
        // the same refusals for bind and unbind, in the same words
        for (DeviceOp op : List.of(new DeviceOp("bind", Device::bind), new DeviceOp("unbind", Device::unbind))) {
            m.add(new Misuse(op.name() + ": a never-added device", refused(ISE, op.name() + " of device 'gpu1' refused: it was never "
                    + "added — add() it first"), call(w -> op.call().run(w.fresh))));
            m.add(new Misuse(op.name() + ": a deleted device", refused(ISE, op.name() + " of device 'gpu2' refused: it was deleted — a "
                    + "deleted device cannot be used again"), call(w -> op.call().run(w.deleted))));
            m.add(new Misuse(op.name() + ": a faux device", refused(ISE, op.name() + " of device 'vkms' refused: it is a faux device, "
                    + "which cannot be bound or unbound by hand — use FauxDevice.destroy()"), call(w -> op.call().run(w.faux.device()))));
        }
        // every use of a freed device, in the same words
        for (DeviceOp op : List.of(new DeviceOp("bind", Device::bind), new DeviceOp("unbind", Device::unbind),
                new DeviceOp("add", Device::add), new DeviceOp("del", Device::del), new DeviceOp("unregister", Device::unregister),
                new DeviceOp("setDriverData", d -> d.setDriverData("late")))) {
            m.add(new Misuse(op.name() + ": a freed device", refused(UAF, op.name() + " of device 'gpu3' refused: the device was "
                    + "freed (its last reference was dropped) — a freed device cannot be used"), call(w -> op.call().run(w.freed))));
        }
        m.add(new Misuse("bind: a bound device again", refused(ISE, "bind of device 'gpu0' refused: it is already bound to driver "
                + "'gpu' — a device is bound to at most one driver; unbind it first"), call(w -> w.bound.bind())));
        m.add(new Misuse("bind(driver): a bound device again", errno(Errno.EBUSY, "bind of device 'gpu0' to driver 'gpu' refused: it "
                + "already has driver 'gpu' — a device is bound to at most one driver; unbind it first (nothing changed)"),
                call(w -> w.bound.bind(w.gpu))));
        m.add(new Misuse("bind: no driver matches", refused(NoMatchingDriverException.class, "bind of device 'idle0' refused: no "
                + "registered driver matches it (bus 'platform'; sysfs bind answers ENODEV) — register a matching driver first; "
                + "the device stays added and unbound"), call(w -> w.idle.bind())));
        m.add(new Misuse("bind: a root device", refused(ISE, "bind of device 'root0' refused: it is a root device "
                + "(root_device_register), which no driver binds — unregister() ends it"), call(w -> w.root.bind())));
        m.add(new Misuse("bind(driver): a driver of another bus", errno(Errno.ENODEV, "bind of device 'gpu4' to driver 'hub' refused: "
                + "that driver is not registered on bus 'platform' (nothing changed)"), call(w -> w.unbound.bind(w.hub))));
        m.add(new Misuse("bind(driver): an unregistered driver", errno(Errno.ENODEV, "bind of device 'gpu4' to driver 'spare' "
                + "refused: that driver is not registered on bus 'platform' (nothing changed)"), call(w -> w.unbound.bind(w.spare))));
        m.add(new Misuse("bind(driver): null", refused(NPE, "bind of device 'gpu4': the driver must not be null"),
                call(w -> w.unbound.bind(null))));
        m.add(new Misuse("bind(driver): a never-added device", errno(Errno.ENODEV, "bind of device 'gpu1' to driver 'gpu' refused: the "
                + "device is not added (it was never added); nothing changed"), call(w -> w.fresh.bind(w.gpu))));
        m.add(new Misuse("bind(driver): a deleted device", errno(Errno.ENODEV, "bind of device 'gpu2' to driver 'gpu' refused: the "
                + "device is not added (it was deleted); nothing changed"), call(w -> w.deleted.bind(w.gpu))));
        m.add(new Misuse("bind(driver): a root device", errno(Errno.ENODEV, "bind of device 'root0' to driver 'gpu' refused: it is a "
                + "root device, which no other driver binds (nothing changed)"), call(w -> w.root.bind(w.gpu))));
        m.add(new Misuse("sysfs bind: an unknown driver name", errno(Errno.ENODEV, "bind of 'gpu4' with driver 'nvidia' on bus "
                + "'platform' refused: no driver of that name is registered"), call(w -> w.bus.bind("nvidia", "gpu4"))));
        m.add(new Misuse("sysfs bind: an unknown device name", errno(Errno.ENODEV, "bind of 'gpu9' with driver 'gpu' on bus "
                + "'platform' refused: the bus has no added device of that name"), call(w -> w.bus.bind("gpu", "gpu9"))));
        m.add(new Misuse("sysfs bind: a driver that does not match", errno(Errno.ENODEV, "bind of 'idle0' to driver 'gpu' on bus "
                + "'platform' refused: the driver does not match the device (nothing changed)"), call(w -> w.bus.bind("gpu", "idle0"))));
        m.add(new Misuse("sysfs bind: null driver name", refused(NPE, "bind on bus 'platform': the driver name must not be null"),
                call(w -> w.bus.bind(null, "gpu4"))));
        m.add(new Misuse("sysfs bind: null device name", refused(NPE, "bind on bus 'platform': the device name must not be null"),
                call(w -> w.bus.bind("gpu", null))));
        // ------------------------------------------------------------ unbinding
        m.add(new Misuse("unbind: an unbound device", refused(ISE, "unbind of device 'gpu4' refused: it is not bound to a driver"),
                call(w -> w.unbound.unbind())));
        m.add(new Misuse("sysfs unbind: from a driver it is not bound to", errno(Errno.ENODEV, "unbind of device 'idle0' from driver "
                + "'gpu' refused: the device is not bound to that driver (nothing changed)"), call(w -> w.bus.unbind("gpu", "idle0"))));
        m.add(new Misuse("sysfs unbind: an unbound device", errno(Errno.ENODEV, "unbind of device 'gpu4' from driver 'gpu' refused: the "
                + "device is not bound to that driver (nothing changed)"), call(w -> w.bus.unbind("gpu", "gpu4"))));
        m.add(new Misuse("sysfs unbind: an unknown driver name", errno(Errno.ENODEV, "unbind of 'gpu0' with driver 'nvidia' on bus "
                + "'platform' refused: no driver of that name is registered"), call(w -> w.bus.unbind("nvidia", "gpu0"))));
        // ------------------------------------------------------------ driver registration
        m.add(new Misuse("registerDriver: the same driver twice", refused(ISE, "registerDriver refused: driver 'gpu' is already "
                + "registered on bus 'platform' — a driver is registered once"), call(w -> w.bus.registerDriver(w.gpu))));
        m.add(new Misuse("registerDriver: a second driver of the same name", refused(ISE, "registerDriver refused: bus 'platform' "
                + "already has a driver named 'gpu' — driver names are unique per bus"), call(w -> w.bus.registerDriver(w.driver("gpu")))));
        m.add(new Misuse("registerDriver: null", refused(NPE, "registerDriver on bus 'platform': the driver must not be null"),
                call(w -> w.bus.registerDriver(null))));
        m.add(new Misuse("registerDriver: a null name", refused(NPE, "registerDriver on bus 'platform': the driver name must not be "
                + "null"), call(w -> w.bus.registerDriver(w.driver(null)))));
        m.add(new Misuse("unregisterDriver: never registered", refused(IAE, "unregisterDriver refused: driver 'spare' is not "
                + "registered on bus 'platform'"), call(w -> w.bus.unregisterDriver(w.spare))));
        m.add(new Misuse("unregisterDriver: registered on another bus", refused(IAE, "unregisterDriver refused: driver 'hub' is not "
                + "registered on bus 'platform'"), call(w -> w.bus.unregisterDriver(w.hub))));
        m.add(new Misuse("unregisterDriver: null", refused(NPE, "unregisterDriver on bus 'platform': the driver must not be null"),
                call(w -> w.bus.unregisterDriver(null))));
        // ------------------------------------------------------------ devices: add, del, unregister, references
        m.add(new Misuse("newDevice: null name", refused(NPE, "newDevice: the device name must not be null"),
                call(w -> w.bus.newDevice(null))));
        m.add(new Misuse("newDevice: blank name", refused(IAE, "newDevice: the device name must not be blank"),
                call(w -> w.bus.newDevice("  "))));
        m.add(new Misuse("newDevice: a parent on another bus", refused(IAE, "newDevice 'child' refused: its parent 'hub0' is on bus "
                + "'usb', not on 'platform'"), call(w -> w.bus.newDevice("child", w.onUsb))));
        m.add(new Misuse("newDevice: a deleted parent", refused(ISE, "newDevice 'child' refused: its parent 'gpu2' was deleted — a "
                + "deleted device cannot take children"), call(w -> w.bus.newDevice("child", w.deleted))));
        m.add(new Misuse("add: twice", refused(ISE, "add of device 'gpu0' refused: it was already added — a device is added once"),
                call(w -> w.bound.add())));
        m.add(new Misuse("add: a deleted device", refused(ISE, "add of device 'gpu2' refused: it was deleted — a deleted device "
                + "cannot be added again; create a new one"), call(w -> w.deleted.add())));
        m.add(new Misuse("add: a name the bus already has", refused(DeviceExistsException.class, "add of device 'gpu0' refused: bus "
                + "'platform' already has a device named 'gpu0' (EEXIST) — names are unique per bus until the old device is "
                + "deleted"), call(w -> {
                    Device twin = w.bus.newDevice("gpu0");
                    try {
                        twin.add();
                    } finally {
                        twin.put(); // the row's own device goes again: only the refusal is compared
                    }
                })));
        m.add(new Misuse("add: under a parent that is not added", refused(ISE, "add of device 'child' refused: its parent 'gpu1' is "
                + "not added (NEW) — a child is added under an added parent"), call(w -> {
                    Device child = w.bus.newDevice("child", w.fresh);
                    try {
                        child.add();
                    } finally {
                        child.put();
                    }
                })));
        m.add(new Misuse("del: twice", refused(ISE, "del of device 'gpu2' refused: it was already deleted — a device is deleted once"),
                call(w -> w.deleted.del())));
        m.add(new Misuse("del: a never-added device", refused(ISE, "del of device 'gpu1' refused: it was never added"),
                call(w -> w.fresh.del())));
        m.add(new Misuse("del: a faux device", refused(ISE, "del of device 'vkms' refused: it is a faux device — a faux device is "
                + "destroyed with FauxDevice.destroy(), which also drops its creator's reference (nothing changed)"),
                call(w -> w.faux.device().del())));
        m.add(new Misuse("unregister (device_unregister): twice", refused(ISE, "unregister of device 'gpu2' refused: it was already "
                + "deleted — a device is deleted once"), call(w -> w.deleted.unregister())));
        m.add(new Misuse("unregister: a never-added device", refused(ISE, "unregister of device 'gpu1' refused: it was never added"),
                call(w -> w.fresh.unregister())));
        m.add(new Misuse("unregister: a faux device", refused(ISE, "unregister of device 'vkms' refused: it is a faux device — a faux "
                + "device is destroyed with FauxDevice.destroy() (nothing changed)"), call(w -> w.faux.device().unregister())));
        m.add(new Misuse("unregister: the caller holds no reference", refused(ISE, "unregister on device 'idle0' refused: the only "
                + "reference left is the bus's, held while the device is added — del() drops it (count stays 1)"),
                staged(w -> w.idle.put(), w -> w.idle.unregister(), w -> w.idle.get())));
        m.add(new Misuse("put: below zero", refused(ISE, "put on device 'gpu3' refused: its reference count is already 0 — each "
                + "reference can be dropped only once (count stays 0)"), call(w -> w.freed.put())));
        m.add(new Misuse("put: the bus's reference of an added device", refused(ISE, "put on device 'idle0' refused: the only "
                + "reference left is the bus's, held while the device is added — del() drops it (count stays 1)"),
                staged(w -> w.idle.put(), w -> w.idle.put(), w -> w.idle.get())));
        m.add(new Misuse("get: a freed device", refused(UAF, "get on device 'gpu3' refused: it was freed (its count reached 0) — a "
                + "freed device cannot be revived"), call(w -> w.freed.get())));
        m.add(new Misuse("destroy: a faux device twice", refused(ISE, "destroy of faux device 'vfake' refused: it was already "
                + "destroyed — a faux device is destroyed once"), call(w -> w.destroyedFaux.destroy())));
        // ------------------------------------------------------------ rescan
        m.add(new Misuse("rescan: the scan reports a null name", refused(ISE, "rescan of bus 'pci' refused: its scan reported a null "
                + "device name among [pci0, null] (nothing was made)"),
                staged(w -> w.scanned.add(null), w -> w.pci.rescan(), w -> w.scanned.remove(null))));
        m.add(new Misuse("rescan: the scan returns null", refused(ISE, "rescan of bus 'x' refused: its scan returned null, not a list "
                + "of names (nothing was made)"), w -> new Bus("x", Namespace.inMemory("x"), b -> null).rescan()));
        m.add(new Misuse("rescan: the scan reports a blank name", refused(ISE, "rescan of bus 'pci' refused: its scan reported a blank "
                + "device name among [pci0,  ] (nothing was made)"),
                staged(w -> w.scanned.add(" "), w -> w.pci.rescan(), w -> w.scanned.remove(" "))));
        // ------------------------------------------------------------ devres
        m.add(new Misuse("devres: add on a freed device", refused(ListClosedException.class, "add of 'late' to 'gpu3' refused: the list was "
                + "closed for good (last put) — nothing added now would ever be released"),
                call(w -> w.freed.devres().add("late", d -> { }))));
        m.add(new Misuse("devres: strict mode, add on an unbound device", refused(ISE, "devres add of 'res' on device 'gpu4' refused: "
                + "strict devres mode is on and the device is not bound to a driver — only a bound device takes devres "
                + "(Rust-for-Linux Device<Bound>)"),
                staged(w -> w.bus.setStrictDevres(true), w -> w.unbound.devres().add("res", d -> { }),
                        w -> w.bus.setStrictDevres(false))));
        m.add(new Misuse("devres: a binding used after it ended", refused(ISE, "devres() on the bound device 'gpu4' (driver 'gpu') "
                + "refused: that binding has ended — a BoundDevice may be used only between probe and the end of its unbind"),
                call(w -> w.stale.devres())));
        m.add(new Misuse("devres: release of another device's action", refused(IAE, "release on 'gpu0': action 'theirs' is not on this "
                + "list — it belongs to another owner ('vkms'); remove or release it on the list it was added to"), call(w -> {
                    Handle other = w.faux.device().devres().add("theirs", d -> { });
                    try {
                        w.bound.devres().release(other);
                    } finally {
                        w.faux.device().devres().remove(other);
                    }
                })));
        // ------------------------------------------------------------ driver data
        m.add(new Misuse("driverData: the wrong type", refused(ClassCastException.class, "driverData of device 'gpu0': it holds a "
                + "org.devres4j.driver.BoundDevice, not a java.lang.String"), w -> w.bound.driverData(String.class)));
        m.add(new Misuse("driverData: a null type", refused(NPE, "driverData of device 'gpu0': the type must not be null"),
                w -> w.bound.driverData(null)));
        m.add(new Misuse("newDevice: a freed parent", refused(ISE, "newDevice 'child' refused: its parent 'gpu3' was freed — a freed "
                + "device cannot take children"), call(w -> w.bus.newDevice("child", w.freed))));
        m.add(new Misuse("registerRootDevice: a taken name", refused(DeviceExistsException.class, "add of device 'gpu0' refused: bus "
                + "'platform' already has a device named 'gpu0' (EEXIST) — names are unique per bus until the old device is "
                + "deleted"), w -> w.bus.registerRootDevice("gpu0")));
        m.add(new Misuse("unbind: from the driver's own remove()", refused(ISE, "unbind of device 'loop0' refused: its unbind is "
                + "already running (called from remove() or a devres action) — a binding ends once"), w -> {
                    Bus own = new Bus("own");
                    Throwable[] seen = new Throwable[1];
                    own.registerDriver(TestDrivers.driver("loop", dev -> { }, dev -> seen[0] = catchThrowable(dev.device()::unbind)));
                    Device loop = own.newDevice("loop0");
                    loop.add();
                    loop.unbind();
                    assertThat(loop.isBound()).as("the outer unbind completed").isFalse();
                    throw (Exception) seen[0];
                }));
        m.add(new Misuse("bind: from the driver's own probe", refused(ISE, "bind of device 'self0' refused: it is already bound to "
                + "driver 'self' — a device is bound to at most one driver; unbind it first"), w -> {
                    Bus own = new Bus("own");
                    Throwable[] seen = new Throwable[1];
                    own.registerDriver(TestDrivers.driver("self", dev -> seen[0] = catchThrowable(dev.device()::bind), dev -> { }));
                    Device self = own.newDevice("self0");
                    self.add();
                    assertThat(self.isBound()).as("the outer probe bound it").isTrue();
                    throw (Exception) seen[0];
                }));
        m.add(new Misuse("BoundDevice: requireValid after the binding ended", refused(ISE, "mmio read on the bound device 'gpu4' "
                + "(driver 'gpu') refused: that binding has ended — a BoundDevice may be used only between probe and the end of "
                + "its unbind"), call(w -> w.stale.requireValid("mmio read"))));
        m.add(new Misuse("devres: strict mode, add on a deleted device", refused(ISE, "devres add of 'late' on device 'gpu2' refused: "
                + "strict devres mode is on and the device is not bound to a driver — only a bound device takes devres "
                + "(Rust-for-Linux Device<Bound>)"),
                staged(w -> w.bus.setStrictDevres(true), w -> w.deleted.devres().add("late", d -> { }),
                        w -> w.bus.setStrictDevres(false))));
        m.add(new Misuse("devres: alloc on a freed device", refused(ListClosedException.class, "alloc of 'buf' to 'gpu3' refused: the "
                + "list was closed for good (last put) — nothing added now would ever be released"),
                w -> w.freed.devres().alloc("buf", Object::new)));
        m.add(new Misuse("devres: openGroup on a freed device", refused(ListClosedException.class, "openGroup of group g on "
                + "'gpu3' refused: the list was closed for good (last put) — nothing added now would ever be released"),
                w -> w.freed.devres().openGroup("g")));
        m.add(new Misuse("sysfs unbind: null driver name", refused(NPE, "unbind on bus 'platform': the driver name must not be null"),
                call(w -> w.bus.unbind(null, "gpu0"))));
        // ------------------------------------------------------------ bus set-up
        m.add(new Misuse("Bus: a null name", refused(NPE, "Bus: the name must not be null"), w -> new Bus(null)));
        m.add(new Misuse("FauxDevice.create: a null bus", refused(NPE, "FauxDevice.create: the bus must not be null"),
                w -> FauxDevice.create(null, "vkms2", null, null)));
        m.add(new Misuse("FauxDevice.create: a null name", refused(NPE, "newDevice: the device name must not be null"),
                w -> FauxDevice.create(w.bus, null, null, null)));
        m.add(new Misuse("setPolicy: null", refused(NPE, "setPolicy on bus 'platform': the policy must not be null"),
                call(w -> w.bus.setPolicy(null))));
        m.add(new Misuse("addTraceListener: null", refused(NPE, "addTraceListener on bus 'platform': the listener must not be null"),
                call(w -> w.bus.addTraceListener(null))));
        m.add(new Misuse("Bus: a null scan", refused(NPE, "Bus 'x': the scan must not be null (BusScan.NONE for none)"),
                w -> new Bus("x", Namespace.inMemory("x"), null)));
        m.add(new Misuse("FauxDevice.create: a taken name", refused(DeviceExistsException.class, "add of device 'gpu0' refused: bus "
                + "'platform' already has a device named 'gpu0' (EEXIST) — names are unique per bus until the old device is "
                + "deleted"), w -> FauxDevice.create(w.bus, "gpu0", null, null)));
    }

    // ====================================================================== DRM

    private static void drm(List<Misuse> m) {
        // ------------------------------------------------------------ register / unregister / unplug
        m.add(new Misuse("drm register: twice", refused(ISE, "register of card0 refused: it is already registered; a DRM device is "
                + "registered once and unregistered (or unplugged) once"), call(w -> w.drm.register())));
        m.add(new Misuse("drm register: after unplug", refused(ISE, "register of card2 refused: it was unplugged; an unplugged device "
                + "never comes back"), call(w -> w.unplugged.register())));
        m.add(new Misuse("drm register: after the last put", refused(UAF, "register on card3" + DRM_RELEASED),
                call(w -> w.released.register())));
        m.add(new Misuse("drm register: nothing owns the final free", refused(ISE, "register of card1 refused: nothing owns its final "
                + "free — allocate it with devmAlloc or with a container, or call addFinalFree first"),
                call(w -> w.unregistered.register())));
        m.add(new Misuse("drm unregister: before register", returns(false), w -> w.unregistered.unregister()));
        m.add(new Misuse("drm unregister: after unplug", returns(false), w -> w.unplugged.unregister()));
        m.add(new Misuse("drm unplug: twice", returns(null), call(w -> w.unplugged.unplug())));
        m.add(new Misuse("drm unplug: from inside one's own section", refused(ISE, "unplug of card0 refused: the calling thread is "
                + "inside 1 of its enter/exit section(s) and would wait for itself; exit first (nothing was changed)"), call(w -> {
                    DrmSection s = w.drm.enter();
                    try {
                        assertThat(s.entered()).as("the row starts inside a section").isTrue();
                        w.drm.unplug();
                    } finally {
                        s.close();
                    }
                })));
        m.add(new Misuse("drm unplug: a null wait", refused(NPE, "unplug of card0: the wait must not be null"),
                call(w -> w.drm.unplug(null))));
        m.add(new Misuse("drm unplug: after the last put", refused(UAF, "unplug on card3" + DRM_RELEASED), call(w -> w.released.unplug())));
        m.add(new Misuse("addFinalFree: a second owner", refused(ISE, "addFinalFree on card0 refused: it already has an owner for the "
                + "final free (a java.lang.String); there is exactly one"), call(w -> w.drm.addFinalFree("another"))));
        m.add(new Misuse("addFinalFree: null", refused(NPE, "addFinalFree on card0: the object must not be null"),
                call(w -> w.drm.addFinalFree(null))));
        // ------------------------------------------------------------ enter / exit
        m.add(new Misuse("drm enter: after unplug is not entered", returns(false), w -> {
                    try (DrmSection s = w.unplugged.enter()) {
                        return s.entered();
                    }
                }));
        m.add(new Misuse("drm tryEnter: after unplug is REFUSED", returns(Gate.REFUSED), w -> w.unplugged.tryEnter()));
        m.add(new Misuse("drm exit: the REFUSED token", refused(IAE, "exit on card2 refused: the token is REFUSED — tryEnter failed, "
                + "so there is nothing to exit"), call(w -> w.unplugged.exit(Gate.REFUSED))));
        m.add(new Misuse("drm exit: without enter", refused(ISE, "exit on card0 refused: this thread holds no enter/exit section of it "
                + "(an exit without its enter)"), call(w -> w.drm.exit(0))));
        m.add(new Misuse("drm enterOrEnodev: after unplug", errno(Errno.ENODEV, "card2 is unplugged: its hardware is gone"),
                call(w -> w.unplugged.enterOrEnodev())));
        m.add(new Misuse("drm enter: after the last put", refused(UAF, "enter on card3" + DRM_RELEASED), call(w -> w.released.enter())));
        m.add(new Misuse("drm section: closed on another thread", refused(ISE, "exit of a section of card0 refused: it was entered "
                + "on thread '" + THREAD + "' and must be exited there (sections belong to the entering thread)"), w -> {
                    DrmSection s = w.drm.enter();
                    Throwable[] seen = new Throwable[1];
                    Thread t = new Thread(() -> seen[0] = catchThrowable(s::close), "closer");
                    t.start();
                    t.join(10_000);
                    assertThat(t.isAlive()).as("the foreign close returned").isFalse();
                    s.close();
                    throw (Exception) seen[0];
                }));
        // ------------------------------------------------------------ files and ioctls
        m.add(new Misuse("ioctl: on a closed file", refused(ISE, "ioctl on file3 of card0 refused: the file was closed"),
                w -> w.closed.ioctl(0, 7)));
        m.add(new Misuse("ioctl: after unplug", errno(Errno.ENODEV, "NOP on card2 refused: the device is unplugged — every ioctl of an "
                + "unplugged device answers ENODEV; close the file"), w -> w.staleFile.ioctl(0, 7)));
        m.add(new Misuse("ioctl: a number not in the table", errno(Errno.EINVAL, "ioctl 99 on card0: not in the table of driver "
                + "'plain'"), w -> w.file.ioctl(99, 7)));
        m.add(new Misuse("ioctl: not RENDER_ALLOW on a render node", errno(Errno.EACCES, "NOP on renderD128 refused: it is not allowed "
                + "on a render node (no RENDER_ALLOW); issue it on the primary node"), w -> w.renderFile.ioctl(0, 7)));
        m.add(new Misuse("close: twice", refused(ISE, "close of file3 of card0 refused: it is already closed; a file is closed once"),
                call(w -> w.closed.close())));
        m.add(new Misuse("createBuffer: on a closed file", refused(ISE, "createBuffer on file3 of card0 refused: the file was closed"),
                w -> w.closed.createBuffer("fb", 64)));
        m.add(new Misuse("createBuffer: after unplug", errno(Errno.ENODEV, "createBuffer on file1 of card2 refused: the device is "
                + "unplugged — every ioctl of an unplugged device answers ENODEV"), w -> w.staleFile.createBuffer("fb", 64)));
        m.add(new Misuse("createBuffer: size 0", errno(Errno.EINVAL, "buffer size 0 on card0 is out of range 1..67108864"),
                w -> w.file.createBuffer("fb", 0)));
        m.add(new Misuse("closeBuffer: an unknown handle", errno(Errno.ENOENT, "buffer handle 42 is not open on file1 of card0"),
                call(w -> w.file.closeBuffer(42))));
        m.add(new Misuse("mmap: an unknown handle", errno(Errno.ENOENT, "mmap on card0: buffer handle 42 is not open on file1"),
                w -> w.file.mmap(42, 0, 4)));
        m.add(new Misuse("mmap: past the end of the buffer", errno(Errno.EINVAL, "mmap on card0: range [60, +8) is outside buffer "
                + "'card0:fb' of 64 bytes; a mapping must lie inside its buffer"), call(w -> {
                    int h = w.file.createBuffer("fb", 64);
                    try {
                        w.file.mmap(h, 60, 8);
                    } finally {
                        w.file.closeBuffer(h);
                    }
                })));
        m.add(new Misuse("open: a render node the driver does not have", errno(Errno.ENOENT, "open of the RENDER node of card4 "
                + "refused: driver 'norender' has no such node (no RENDER feature)"), w -> w.primaryOnly.open(DrmMinorType.RENDER)));
        m.add(new Misuse("open: a device not registered", errno(Errno.ENODEV, "open of card1 (card1) refused: it is not registered; no "
                + "reference was kept"), w -> w.unregistered.open()));
        m.add(new Misuse("open: an unplugged device", errno(Errno.ENODEV, "open of card2 (card2) refused: it was unplugged; no "
                + "reference was kept"), w -> w.unplugged.open()));
        m.add(new Misuse("open: a released device", errno(Errno.ENODEV, "open of card3 (card3) refused: the device was released"),
                w -> w.released.open()));
        m.add(new Misuse("open: a null node type", refused(NPE, "open of card0: the node type must not be null"),
                w -> w.drm.open(null)));
        // ------------------------------------------------------------ drmm and references
        m.add(new Misuse("drmm: add on a released device", refused(ListClosedException.class, "add of 'late' to 'card3' "
                + "refused: the list was closed for good (last put of card3) — nothing added now would ever be released"),
                w -> w.released.managed().add("late", d -> { })));
        m.add(new Misuse("drmm: release of another device's action", refused(IAE, "release on 'card0': action 'foreign action' is "
                + "not on this list — it belongs to another owner ('card1'); remove or release it on the list it was added to"),
                call(w -> w.drm.managed().release(w.foreignDrmm))));
        m.add(new Misuse("drmm: release of an action twice", refused(ISE, "release on 'card0': action 'once' (#4) "
                + "was already released or removed — a resource is released at most once"), call(w -> {
                    Handle h = w.drm.managed().add("once", d -> { });
                    w.drm.managed().release(h);
                    w.drm.managed().release(h);
                })));
        m.add(new Misuse("drmm strdup: null", refused(NPE, "drmm strdup on card0: the string must not be null"),
                w -> org.devres4j.drm.Drmm.strdup(w.drm, null)));
        m.add(new Misuse("drm put: after the last put", refused(IllegalReferenceCountException.class, "put on 'card3' "
                + "refused: its count is already 0 — a reference can only be dropped once (count stays 0)"),
                call(w -> w.released.put())));
        m.add(new Misuse("drm get: after the last put", refused(IllegalReferenceCountException.class, "get on 'card3' "
                + "refused: its count already reached 0 and it was released — a dead object cannot be revived"),
                call(w -> w.released.get())));
        // ------------------------------------------------------------ allocation
        m.add(new Misuse("drm alloc: on a freed parent", refused(UAF, "get on device 'gpu3' refused: it was freed (its "
                + "count reached 0) — a freed device cannot be revived"),
                w -> DrmDevice.alloc(w.drmDriver, w.freed)));
        m.add(new Misuse("drm alloc: null driver", refused(NPE, "DrmDevice.alloc: the driver must not be null"),
                w -> DrmDevice.alloc(null, w.bound)));
        m.add(new Misuse("drm alloc: null parent", refused(NPE, "DrmDevice.alloc: the parent device must not be null"),
                w -> DrmDevice.alloc(w.drmDriver, null)));
        m.add(new Misuse("drm devmAlloc: a parent without a driver", refused(ISE, "DrmDevice.devmAlloc on 'idle0' refused: the parent "
                + "has no driver attached (not probing, not bound) — devm_drm_dev_alloc ties the DRM device's reference to a "
                + "binding of the parent; allocate it from the parent's probe (nothing was allocated)"),
                w -> DrmDevice.devmAlloc(w.drmDriver, w.idle)));
        m.add(new Misuse("drm devmAlloc: a binding that ended", refused(ISE, "DrmDevice.devmAlloc on the bound device 'gpu4' "
                + "(driver 'gpu') refused: that binding has ended — a BoundDevice may be used only between probe and the end of its "
                + "unbind"), w -> DrmDevice.devmAlloc(w.drmDriver, w.stale)));
        m.add(new Misuse("drm alloc: the minors are exhausted", errno(Errno.ENOSPC, "allocMinor for plain@tiny0 in namespace tiny "
                + "refused: every minor of [192, 192] is taken"), w -> {
                    Device parent = w.tiny.registerRootDevice("tiny0");
                    DrmDevice first = DrmDevice.alloc(w.noRender, parent);   // minor 0
                    DrmDevice second = DrmDevice.alloc(w.noRender, parent);  // minor 192, the extended range
                    int refs = parent.refCount();
                    List<Integer> minors = w.tiny.namespace().minors();
                    Throwable t = catchThrowable(() -> DrmDevice.alloc(w.drmDriver, parent));
                    assertThat(parent.refCount()).as("the parent's reference was given back").isEqualTo(refs);
                    assertThat(w.tiny.namespace().minors()).as("no minor was kept").isEqualTo(minors);
                    first.put();
                    second.put();
                    parent.unregister();
                    throw (Exception) t;
                }));
        // ------------------------------------------------------------ mode config
        m.add(new Misuse("Kms: a connector before modeConfigInit", refused(ISE, "Kms.connector 'HDMI-A-1' on card1 refused: its mode "
                + "config is not initialized — call Kms.modeConfigInit (drmm_mode_config_init) before creating KMS objects"),
                w -> Kms.connector(w.unregistered, "HDMI-A-1", (c, g) -> null)));
        m.add(new Misuse("Kms: a crtc before modeConfigInit", refused(ISE, "Kms.crtc 'crtc-0' on card1 refused: its mode config is not "
                + "initialized — call Kms.modeConfigInit (drmm_mode_config_init) before creating KMS objects"),
                w -> Kms.crtc(w.unregistered, "crtc-0")));
        m.add(new Misuse("Kms: modeConfigInit twice", refused(ISE, "Kms.modeConfigInit on card0 refused: its mode config was already "
                + "initialized — drmm_mode_config_init runs once per device, and its cleanup at the last put"),
                call(w -> Kms.modeConfigInit(w.drm))));
        m.add(new Misuse("Kms: a plane on a released device", refused(UAF, "KMS init of 'plane-0' on card3" + DRM_RELEASED),
                w -> Kms.plane(w.released, "plane-0")));
        m.add(new Misuse("Kms: modeConfigInit of null", refused(NPE, "Kms.modeConfigInit: the device must not be null"),
                call(w -> Kms.modeConfigInit(null))));
        // ------------------------------------------------------------ container, nodes, sections
        m.add(new Misuse("container: the wrong type", refused(ClassCastException.class, "container of card0: it is a "
                + "java.lang.String, not a java.lang.Integer"), w -> w.drm.container(Integer.class)));
        m.add(new Misuse("container: a null type", refused(NPE, "container of card0: the type must not be null"),
                w -> w.drm.container(null)));
        m.add(new Misuse("container: none was given", refused(ISE, "container of card1: it has none (allocated without one, no "
                + "addFinalFree)"), w -> w.unregistered.container(Object.class)));
        m.add(new Misuse("node: a null type", refused(NPE, "node of card0: the type must not be null"), w -> w.drm.node(null)));
        m.add(new Misuse("drm section: closed twice on its thread", returns(null), call(w -> {
                    DrmSection s = w.drm.enter();
                    s.close();
                    s.close();
                })));
        m.add(new Misuse("drm unplug: a negative wait that overflows", returns(null),
                call(w -> w.unplugged.unplug(Duration.ofSeconds(Long.MIN_VALUE)))));
        m.add(new Misuse("drm addTraceListener: null", refused(NPE, "addTraceListener on card0: the listener must not be null"),
                w -> w.drm.addTraceListener(null)));
        // ------------------------------------------------------------ buffers and mappings
        m.add(new Misuse("createBuffer: too large", errno(Errno.EINVAL, "buffer size 67108865 on card0 is out of range 1..67108864"),
                w -> w.file.createBuffer("huge", 64L * 1024 * 1024 + 1)));
        m.add(new Misuse("mmap: a negative offset", errno(Errno.EINVAL, "mmap on card0: range [-1, +4) is outside buffer 'card0:fb' "
                + "of 64 bytes; a mapping must lie inside its buffer"), w -> w.file.mmap(w.fb, -1, 4)));
        m.add(new Misuse("mmap: length 0", errno(Errno.EINVAL, "mmap on card0: range [0, +0) is outside buffer 'card0:fb' of 64 "
                + "bytes; a mapping must lie inside its buffer"), w -> w.file.mmap(w.fb, 0, 0)));
        m.add(new Misuse("mmap: after unplug", errno(Errno.ENODEV, "mmap on card2 refused: it was unplugged"),
                w -> w.staleFile.mmap(w.staleHandle, 0, 4)));
        m.add(new Misuse("mmap: out of range after unplug (ENODEV first, as drm_gem_mmap)", errno(Errno.ENODEV,
                "mmap on card2 refused: it was unplugged"), w -> w.staleFile.mmap(w.staleHandle, -1, 0)));
        m.add(new Misuse("mmap: unknown handle after unplug (ENODEV first)", errno(Errno.ENODEV,
                "mmap on card2 refused: it was unplugged"), w -> w.staleFile.mmap(9999, 0, 4)));
        m.add(new Misuse("closeBuffer: after unplug", errno(Errno.ENODEV, "closeBuffer on file1 of card2 refused: the device is "
                + "unplugged — every ioctl of an unplugged device answers ENODEV"), call(w -> w.staleFile.closeBuffer(w.staleHandle))));
        m.add(new Misuse("mapping: a read past its end", refused(IndexOutOfBoundsException.class, "offset 16 is outside the mapping "
                + "of 'card0:fb' (length 16)"), w -> w.view.read(16)));
        m.add(new Misuse("mapping: a write at a negative offset", refused(IndexOutOfBoundsException.class, "offset -1 is outside the "
                + "mapping of 'card0:fb' (length 16)"), call(w -> w.view.write(-1, (byte) 1))));
        m.add(new Misuse("mapping: access after munmap", refused(ISE, "access to an unmapped mapping of 'card0:fb' (segmentation "
                + "fault): it was munmap()ed"), w -> {
                    DrmMapping gone = w.file.mmap(w.fb, 0, 16);
                    gone.munmap();
                    return gone.read(0);
                }));
        m.add(new Misuse("mapping: munmap twice", refused(ISE, "munmap of a mapping of 'card0:fb' refused: it was already unmapped"),
                call(w -> {
                    DrmMapping gone = w.file.mmap(w.fb, 0, 16);
                    gone.munmap();
                    gone.munmap();
                })));
        // ------------------------------------------------------------ sysfs and debugfs
        m.add(new Misuse("debugfs: read after unplug", errno(Errno.ENOENT, "read of /sys/kernel/debug/dri/2/name refused: card2 is not "
                + "registered (the debugfs entry is published from register to unregister or unplug)"),
                w -> w.unplugged.nameEntry().read()));
        m.add(new Misuse("sysfs: create on a released device", refused(UAF, "SysfsEntry.create 'late' on card3" + DRM_RELEASED),
                w -> SysfsEntry.create(w.released, "late")));
        m.add(new Misuse("sysfs: remove twice", refused(ISE, "remove of sysfs entry '/sys/devices/gpu0/gone' (card0) refused: it was "
                + "already removed"), call(w -> w.removedSysfs.remove())));
        m.add(new Misuse("sysfs: a name already published", errno(Errno.EEXIST, "'/sys/devices/gpu0/power' in namespace platform is "
                + "already held by card0; card0 cannot register the same name twice — was the old one withdrawn when its device "
                + "went away?"), w -> SysfsEntry.create(w.drm, "power")));
        m.add(new Misuse("sysfs: a null name", refused(NPE, "SysfsEntry.create: the name must not be null"),
                w -> SysfsEntry.create(w.drm, null)));
        // ------------------------------------------------------------ bridges
        m.add(new Misuse("bridge: use after its last put", refused(UAF, "use of bridge 'edp' after its last put destroyed it"),
                call(w -> w.deadBridge.enable())));
        m.add(new Misuse("bridge: put after its last put", refused(IllegalReferenceCountException.class, "put on 'bridge edp' refused: its "
                + "count is already 0 — a reference can only be dropped once (count stays 0)"), call(w -> w.deadBridge.put())));
        m.add(new Misuse("bridge: a devm bridge after its provider unbound", refused(UseAfterReleaseException.class,
                "use-after-release of 'bridge dsi' owned by 'gpu4'\n"
                + "  allocated: #2 on 'gpu4', thread '" + THREAD + "' (run with -Ddevres4j.debug=true for the stack)\n"
                + "  released:  unbind of 'gpu4' on thread '" + THREAD + "'\n"
                + "  the value lived only as long as its place on gpu4's resource list; anything that must outlive that release "
                + "needs a longer lifetime"),
                call(w -> w.devmBridge.enable())));
        m.add(new Misuse("bridge: attach to a released DRM device", refused(ListClosedException.class, "add of 'bridge-put lvds' to "
                + "'card3' refused: the list was closed for good (last put of card3) — nothing added now would ever be released"),
                call(w -> w.bridge.attach(w.released))));
        m.add(new Misuse("bridge registry: a name taken", refused(ISE, "BridgeRegistry.add of 'lvds' refused: the name is taken"),
                call(w -> w.bridges.add(Bridge.create("lvds", b -> { })))));
        m.add(new Misuse("Bridge.devmAlloc: a binding that ended", refused(ISE, "devres() on the bound device 'gpu4' (driver 'gpu') "
                + "refused: that binding has ended — a BoundDevice may be used only between probe and the end of its unbind"),
                w -> Bridge.devmAlloc(w.stale, "dsi2")));
        m.add(new Misuse("drmm mutex: on a released device", refused(ListClosedException.class, "alloc of 'mutex lock' to 'card3' "
                + "refused: the list was closed for good (last put of card3) — nothing added now would ever be released"),
                w -> org.devres4j.drm.Drmm.mutex(w.released, "lock")));
        // ------------------------------------------------------------ driver definition
        m.add(new Misuse("DrmDriver: a null name", refused(NPE, "DrmDriver.builder: the name must not be null"),
                w -> DrmDriver.builder(null)));
        m.add(new Misuse("Kms: a connector without a detect callback", refused(NPE, "Kms.connector: the detect callback must not be "
                + "null"), w -> Kms.connector(w.drm, "DP-1", null)));
        m.add(new Misuse("DrmDriver: two ioctls on one number", refused(IAE, "DrmDriver 'x': ioctl number 0 (B) is already taken by A; "
                + "each number maps to one handler"), w -> DrmDriver.builder("x").ioctl(0, "A", (f, a) -> a).ioctl(0, "B", (f, a) -> a)));
        m.add(new Misuse("DrmDriver: a blank name", refused(IAE, "DrmDriver.builder: the name must not be blank"),
                w -> DrmDriver.builder(" ")));
    }

    // ====================================================================== hardware model

    private static void hardware(List<Misuse> m) {
        m.add(new Misuse("ioremap: a resource index out of range", refused(IAE, "ioremap of gpu0 resource 1 refused: the device has 1 "
                + "MMIO range(s) [bar0 [0x10000000+0x1000]]"), w -> Io.ioremap(w.hw, w.bound, 1)));
        m.add(new Misuse("ioremap: a negative index", refused(IAE, "ioremap of gpu0 resource -1 refused: the device has 1 MMIO "
                + "range(s) [bar0 [0x10000000+0x1000]]"), w -> Io.ioremap(w.hw, w.bound, -1)));
        m.add(new Misuse("ioremap: a device with no hardware", refused(IAE, "ioremap of idle0 resource 0 refused: the device has 0 MMIO "
                + "range(s) (absent, or none described)"), w -> Io.ioremap(w.hw, w.idle, 0)));
        m.add(new Misuse("ioremap: a removed device", refused(IAE, "ioremap of ghost0 resource 0 refused: the device has 0 MMIO "
                + "range(s) (absent, or none described)"), w -> Io.ioremap(w.hw, w.ghost, 0)));
        m.add(new Misuse("mmio: an offset past the mapping", refused(IndexOutOfBoundsException.class, "MMIO offset 0x1000 is outside "
                + "'gpu0:bar0' (size 0x1000) or not 4-byte aligned: a 32-bit access must lie inside the mapped range"), w -> {
                    try (DrmSection s = w.drm.enter()) {
                        return w.mapping.access(s).read32(0x1000);
                    }
                }));
        m.add(new Misuse("mmio: a negative offset", refused(IndexOutOfBoundsException.class, "MMIO offset 0xfffffffffffffffc is "
                + "outside 'gpu0:bar0' (size 0x1000) or not 4-byte aligned: a 32-bit access must lie inside the mapped range"),
                call(w -> {
                    try (DrmSection s = w.drm.enter()) {
                        w.mapping.access(s).write32(-4, 1);
                    }
                })));
        m.add(new Misuse("mmio: an unaligned offset", refused(IndexOutOfBoundsException.class, "MMIO offset 0x2 is outside 'gpu0:bar0' "
                + "(size 0x1000) or not 4-byte aligned: a 32-bit access must lie inside the mapped range"), w -> {
                    try (DrmSection s = w.drm.enter()) {
                        return w.mapping.access(s).read32(2);
                    }
                }));
        m.add(new Misuse("mmio: access after unmap", refused(ISE, "MMIO read of 'gpu0:bar0'+0x0 after unmap (unmapped on thread "
                + THREAD + ", context GUARDED): the registers are gone; hardware must only be touched while mapped, inside enter/exit"), w -> {
                    try (DrmSection s = w.drm.enter()) {
                        return w.unmapped.access(s).read32(0);
                    }
                }));
        m.add(new Misuse("mmio: access outside the section that guards it", refused(ISE, "MMIO access to 'gpu0:bar0' refused: "
                + "enter/exit section of card0 does not hold on this thread (exited already, or entered by another thread); hardware may "
                + "only be touched inside the enter/exit section that guards it"), w -> {
                    DrmSection s = w.drm.enter();
                    s.close();
                    return w.mapping.access(s).read32(0);
                }));
        m.add(new Misuse("mmio: a binding used after it ended", refused(ISE, "MMIO access to 'gpu0:bar0' refused: the binding of gpu4 "
                + "has ended; a BoundDevice is only a licence to touch hardware while the driver is bound"),
                w -> w.mapping.access(w.stale).read32(0)));
        m.add(new Misuse("mmio: a null guard", refused(NPE, "IoMapping.access: the guard of 'gpu0:bar0' must not be null"),
                w -> w.mapping.access((org.devres4j.hw.Guard) null)));
        m.add(new Misuse("mmio: a live binding on a thread not running its probe", refused(ISE, "MMIO access to 'gpu0:bar0' refused: "
                + "the bound device gpu0 licenses hardware only on the thread running its probe, remove or devres release (thread '"
                + THREAD + "' is not); anywhere else — an ioctl, a worker, a timer — enter/exit is required: access(guard) inside a "
                + "DrmDevice.enter() section"), w -> w.mapping.access(w.binding).read32(0)));
        m.add(new Misuse("devmIoremap: a live binding outside its probe", refused(ISE, "devmIoremap on gpu0 refused: thread '" + THREAD
                + "' is not running this binding's probe or remove — devm hardware resources are taken while the driver core "
                + "holds the binding (a stashed BoundDevice is not a licence to map hardware later)"),
                w -> Io.devmIoremap(w.binding, w.hw, 0)));
        m.add(new Misuse("devmRequestIrq: a binding that ended", refused(ISE, "devmRequestIrq on gpu4 refused: the binding has ended; "
                + "devm hardware resources can only be taken by a bound driver"),
                w -> Io.devmRequestIrq(w.stale, w.hw, 0, "late", n -> { })));
        m.add(new Misuse("map: a range that is not the device's", refused(IAE, "map of bar0 [0x20000000+0x1000] for gpu0 refused: the "
                + "range is not one of the device's present ranges [bar0 [0x10000000+0x1000]]"),
                w -> w.hw.map(w.bound, w.ghostMapping.range())));
        m.add(new Misuse("unmap (raw): twice", refused(ISE, "unmap of 'gpu0:bar0' refused: not a live mapping of this hardware"),
                call(w -> {
                    RawMmio raw = w.hw.map(w.bound, w.mapping.range());
                    w.hw.unmap(raw);
                    w.hw.unmap(raw);
                })));
        m.add(new Misuse("reserve: a name already reserved", refused(ISE, "reserve for 'fauxhw' refused: resources are already "
                + "reserved for that name"), call(w -> {
                    w.hw.reserve("fauxhw", List.of(new MmioRange("bar0", 0x4000_0000L, 0x1000)), List.of(50));
                    w.hw.reserve("fauxhw", List.of(new MmioRange("bar0", 0x5000_0000L, 0x1000)), List.of(51));
                })));
        m.add(new Misuse("hardware unplug: a device not plugged", returns(false), w -> w.hw.unplug(w.idle)));
        m.add(new Misuse("irq: raise of a line nobody requested", returns(false), w -> w.hw.raise(99)));
        m.add(new Misuse("unmap: twice", refused(ISE, "unmap of 'gpu0:bar0' refused: it was already unmapped (unmapped on thread "
                + THREAD + "); a mapping is unmapped exactly once"), call(w -> w.unmapped.unmap())));
        m.add(new Misuse("devmIoremap: a binding that ended", refused(ISE, "devmIoremap on gpu4 refused: the binding has ended; devm "
                + "hardware resources can only be taken by a bound driver"), w -> Io.devmIoremap(w.stale, w.hw, 0)));
        m.add(new Misuse("mmio: access after the hardware was removed", new Detected(HardwareFault.Kind.GONE, 0xFFFF_FFFF,
                "read32 ghost0:bar0+0x0 [UNGUARDED]: ghost0 is gone; the access hit an empty range (reads all-ones)"),
                w -> w.ghostMapping.unguardedAccess().read32(0)));
        m.add(new Misuse("irq: a line raised after its device was removed", new Detected(HardwareFault.Kind.STALE_IRQ, true,
                "irq 41 (handler 'ghost-irq', requested by ghost0): ghost0 is gone; the interrupt ran its stale handler"),
                w -> w.hw.raise(41)));
        m.add(new Misuse("irq: request of a line already requested", refused(ISE, "request of irq 40 by 'again' refused: already "
                + "requested by gpu0-irq (lines are not shared)"), w -> Io.requestIrq(w.hw, w.bound, 0, "again", n -> { })));
        m.add(new Misuse("irq: request of an index the device lacks", refused(IAE, "requestIrq of gpu0 resource 1 refused: the device has "
                + "1 interrupt line(s)"), w -> Io.requestIrq(w.hw, w.bound, 1, "second", n -> { })));
        m.add(new Misuse("irq: request of another device's line", refused(IAE, "request of irq 41 for gpu0 refused: it is not the "
                + "device's line [40]"), w -> w.hw.requestIrq(w.bound, 41, "theirs", n -> { })));
        m.add(new Misuse("irq: free twice", refused(ISE, "free of irq 42 ('ghost-irq2') refused: it was already freed"),
                call(w -> w.freedLine.free())));
        m.add(new Misuse("irq: a null handler", refused(NPE, "requestIrq: the handler must not be null"),
                w -> Io.requestIrq(w.hw, w.bound, 0, "null", null)));
        m.add(new Misuse("plug: a device already plugged", refused(ISE, "plug of gpu0 refused: it is already plugged"),
                w -> w.hw.plug(w.bound, List.of(new MmioRange("bar1", 0x3000_0000L, 0x1000)), List.of(42))));
        m.add(new Misuse("plug: a range that overlaps a present device", refused(ISE, "plug of idle0 refused: address space: range "
                + "[0x10000800+0x1000] for 'idle0' overlaps [0x10000000+0x1000] of present device 'gpu0'"),
                w -> w.hw.plug(w.idle, List.of(new MmioRange("bar0", BAR + 0x800, 0x1000)), List.of(43))));
        m.add(new Misuse("plug: an irq line of a present device", refused(ISE, "plug of idle0 refused: irq 40 belongs to gpu0"),
                w -> w.hw.plug(w.idle, List.of(new MmioRange("bar0", 0x3000_0000L, 0x1000)), List.of(40))));
        m.add(new Misuse("plug: an MMIO size past the physical address width", refused(org.devres4j.hw.model.AddressSpaceFullException.class,
                "address space: MMIO size 0x7fffffffffffffff for 'idle0' does not fit: at most 0xffff20000000 bytes lie between "
                + "0xe0000000 and the end of the 48-bit physical address space (0x1000000000000); nothing was assigned"), w -> w.hw.plug(w.idle, Long.MAX_VALUE, RegisterModel.ZEROES)));
        m.add(new Misuse("plug: a non-positive MMIO size", refused(IAE, "address space: MMIO size for 'idle0' must be positive, got 0"),
                w -> w.hw.plug(w.idle, 0, RegisterModel.ZEROES)));
        m.add(new Misuse("MmioRange: a range running past the address space", refused(IAE, "MmioRange 'bar9': base 0x7ffffffffffff000 "
                + "+ size 0x2000 runs past the end of the address space"), w -> new MmioRange("bar9", Long.MAX_VALUE - 0xfff, 0x2000)));
        m.add(new Misuse("MmioRange: a size not a multiple of 4", refused(IAE, "MmioRange 'bar9': size 6 must be positive and a "
                + "multiple of 4"), w -> new MmioRange("bar9", 0, 6)));
        m.add(new Misuse("MmioRange: a negative base", refused(IAE, "MmioRange 'bar9': base -4 is negative"),
                w -> new MmioRange("bar9", -4, 4)));
        m.add(new Misuse("peek: a range no device holds", refused(ISE, "no present device holds bar0 [0x20000000+0x1000]: plug or reserve "
                + "it first"), w -> w.hw.peek(w.ghostMapping.range(), 0)));
    }

    // ====================================================================== uapi

    private static void uapi(List<Misuse> m) {
        m.add(new Misuse("Errno: lookup of an unknown name", refused(IAE, "No enum constant org.devres4j.uapi.Errno.EPERM"),
                w -> Errno.valueOf("EPERM")));
        m.add(new Misuse("Errno: lookup of null", refused(NPE, "Name is null"), w -> Errno.valueOf(null)));
        m.add(new Misuse("ErrnoException: a null errno", refused(NPE, "ErrnoException: the errno must not be null"),
                w -> new ErrnoException(null, "x")));
        m.add(new Misuse("Result: an error without an errno", refused(NPE, "Result.error: the errno must not be null"),
                w -> Result.error(null, "x")));
        m.add(new Misuse("DrmNode: a negative minor", refused(IAE, "DrmNode: minor -1 is negative"),
                w -> new DrmNode(DrmMinorType.PRIMARY, -1)));
        m.add(new Misuse("namespace: a null name", refused(NPE, "Namespace.inMemory: the name must not be null"),
                w -> Namespace.inMemory(null)));
        m.add(new Misuse("namespace: publish a taken name", errno(Errno.EEXIST, "'/dev/dri/card0' in namespace platform is already held "
                + "by card0; intruder cannot register the same name twice — was the old one withdrawn when its device went away?"),
                call(w -> w.bus.namespace().publish("/dev/dri/card0", "intruder"))));
        m.add(new Misuse("namespace: free a minor not allocated", refused(ISE, "freeMinor 77 in namespace platform refused: it is not "
                + "allocated"), call(w -> w.bus.namespace().freeMinor(77))));
        m.add(new Misuse("namespace: a malformed minor range", refused(IAE, "minor range [5, 4] is malformed: the first minor must not "
                + "be negative and the last not below the first"), w -> w.bus.namespace().allocMinor("x", 5, 4)));
        m.add(new Misuse("namespace: a negative first minor", refused(IAE, "minor range [-1, 4] is malformed: the first minor must not "
                + "be negative and the last not below the first"), w -> w.bus.namespace().allocMinor("x", -1, 4)));
        m.add(new Misuse("namespace: withdraw a name never published", returns(false),
                w -> w.bus.namespace().withdraw("/dev/dri/card99")));
        m.add(new Misuse("debugfs: read of an unregistered device's entry", errno(Errno.ENOENT, "read of /sys/kernel/debug/dri/1/name "
                + "refused: card1 is not registered (the debugfs entry is published from register to unregister or unplug)"),
                w -> w.unregistered.nameEntry().read()));
    }

    // ====================================================================== the runner

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void everyMisuseIsRefusedClearlyAndChangesNothing(Misuse row) {
        World w = new World();
        List<Object> before = w.state();
        List<HardwareFault> faultsBefore = w.hw.faults();
        Object[] value = new Object[1];
        Throwable thrown = catchThrowable(() -> value[0] = row.bad().run(w));
        Outcome outcome = row.outcome();
        if (outcome instanceof Refused r) {
            assertThat(thrown).as(row.what()).isExactlyInstanceOf(r.type()).hasMessage(r.on(Thread.currentThread()));
        } else if (outcome instanceof Answered e) {
            if (value[0] instanceof Result res) {
                assertThat(thrown).as(row.what()).isNull();
                assertThat(res.errno()).as(row.what()).isEqualTo(e.errno());
                assertThat(res.message()).as(row.what()).isEqualTo(e.message());
            } else {
                assertThat(thrown).as(row.what()).isExactlyInstanceOf(ErrnoException.class).hasMessage(e.errno() + ": " + e.message());
                assertThat(((ErrnoException) thrown).errno()).as(row.what()).isEqualTo(e.errno());
            }
        } else if (outcome instanceof Returns r) {
            assertThat(thrown).as(row.what()).isNull();
            assertThat(value[0]).as(row.what()).isEqualTo(r.value());
        } else if (outcome instanceof Detected d) {
            assertThat(thrown).as(row.what()).isNull();
            assertThat(value[0]).as(row.what()).isEqualTo(d.value());
            List<HardwareFault> now = w.hw.faults();
            assertThat(now).as(row.what() + ": one fault reported").hasSize(faultsBefore.size() + 1);
            HardwareFault f = now.get(now.size() - 1);
            assertThat(f.kind()).as(row.what()).isEqualTo(d.kind());
            assertThat(f.toString()).as(row.what()).isEqualTo(d.fault());
        }
        if (!(outcome instanceof Detected)) {
            assertThat(w.hw.faults()).as(row.what() + ": no hardware fault").isEqualTo(faultsBefore);
        }
        assertThat(w.state()).as(row.what() + ": state unchanged").isEqualTo(before);
    }

    /** The state probe is not blind: each kind of change a refusal must not make shows in it. */
    @Test
    void theStateProbeSeesEveryKindOfChange() throws Exception {
        List<Call> changes = List.of(
                w -> w.idle.setDriverData("data"),
                w -> w.bound.devres().add("extra", d -> { }),
                w -> w.unbound.bind(),
                w -> w.idle.get(),
                w -> w.bus.registerDriver(w.spare),
                w -> w.drm.get(),
                w -> w.drm.open(),
                w -> w.primaryOnly.unregister(),
                w -> w.drm.managed().add("extra", d -> { }),
                w -> w.bus.namespace().allocMinor("someone"),
                w -> w.file.closeBuffer(w.fb),
                w -> w.view.write(0, (byte) 7),
                w -> w.sysfs.remove(),
                w -> w.bridge.get(),
                w -> w.line.free(),
                w -> w.mapping.unmap(),
                w -> w.hw.unplug(w.bound));
        for (int i = 0; i < changes.size(); i++) {
            World w = new World();
            List<Object> before = w.state();
            changes.get(i).run(w);
            assertThat(w.state()).as("change #%d shows in the state probe", i).isNotEqualTo(before);
        }
    }

    /** The table is as big as the issue asks, and every row names a distinct misuse. */
    @Test
    void theCatalogueCoversEveryLayer() {
        List<Misuse> rows = catalogue().toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(60);
        assertThat(rows.stream().map(Misuse::what).distinct().count()).isEqualTo(rows.size());
        assertThat(Arrays.stream(new String[] {"bind", "drm", "ioctl", "mmio", "irq", "Errno", "namespace", "devres", "drmm"}))
                .allSatisfy(p -> assertThat(rows).anyMatch(r -> r.what().startsWith(p)));
    }
}
