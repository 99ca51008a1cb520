package org.devres4j.linux;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.devres4j.core.TraceListener;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.ProbeFailedException;

/**
 * A devres4j {@link Bus} that mirrors one real kernel subsystem ({@code net} first): a kernel device that
 * appears becomes a device on the bus and is probed by the registered {@link SysfsDriver}s; a kernel device
 * that disappears is a surprise unplug — the binding's gate is shut (reads in flight finish, later reads
 * are refused), the driver's {@code remove()} runs, then its devres list, newest first.
 *
 * <p><b>Lifetime:</b> made with an open {@link HotplugSource}, which it owns from then on. {@link #start()}
 * enumerates the devices already there (coldplug) and starts the event thread; {@link #close()} stops it,
 * unplugs every device (reason {@code bus closed}) and closes the source. Nothing it made outlives
 * {@code close()}: no thread, no open file.
 *
 * <p><b>Order:</b> the source listens from before the enumeration, so no device is missed; the enumeration
 * reads the kernel's uevent sequence number first, and queued events numbered at or below it are skipped
 * (the enumeration already saw their effect). The rest are applied one at a time in the kernel's order and
 * deduplicated by identity ({@code IFINDEX} for a network device): an {@code add} of a device the bus has is
 * skipped, a {@code remove} of one it does not have is skipped, an {@code add} under a known name with
 * another identity unplugs the old device first. A {@code move} (rename) is an unplug of the old name and a
 * plug of the new. After the source lost events the bus compares itself with sysfs again
 * ({@link LinuxEvent.Resynced}).
 *
 * <p><b>Concurrency:</b> plugs and unplugs run on the one event thread (before {@code start()} returns, on
 * the caller's; after the thread stopped, on the thread calling {@code close()}). Drivers may be registered
 * and unregistered from any thread; the driver model serializes per device. Listeners are called on the
 * thread of each event.
 */
public final class SysfsBus implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("org.devres4j.linux");

    private final Sysfs sysfs;
    private final HotplugSource source;
    private final String subsystem;
    private final Bus bus;
    private final Map<String, SysfsDevice> byName = new ConcurrentHashMap<>();
    private final Map<Device, SysfsDevice> byDevice = new ConcurrentHashMap<>();
    private final Map<SysfsDriver, DriverAdapter> drivers = new ConcurrentHashMap<>();
    private final List<LinuxListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong plugs = new AtomicLong();
    private final AtomicInteger state = new AtomicInteger(NEW);
    private final Object lifecycle = new Object();
    private volatile Thread thread;
    private long startSeqnum = KernelEvent.NO_SEQNUM;

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int CLOSED = 2;

    /**
     * Makes a bus for the source's subsystem. It takes the source over: {@link #close()} closes it.
     *
     * @param sysfs  the sysfs tree to enumerate and read attributes from
     * @param source an open source (subscribed: it queues events until the bus reads them)
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if the source is closed
     */
    public SysfsBus(Sysfs sysfs, HotplugSource source) {
        this.sysfs = Objects.requireNonNull(sysfs, "SysfsBus: the sysfs tree must not be null");
        this.source = Objects.requireNonNull(source, "SysfsBus: the hot-plug source must not be null");
        if (source.isClosed()) {
            throw new IllegalArgumentException("SysfsBus: the hot-plug source " + source + " is refused: it is closed "
                    + "— a bus needs a source that is still listening");
        }
        this.subsystem = source.subsystem();
        this.bus = new Bus(subsystem);
        bus.addTraceListener(e -> emit(new LinuxEvent.Trace(e)));
    }

    /** @return the subsystem, e.g. {@code net} */
    public String subsystem() {
        return subsystem;
    }

    /** @return the event source */
    public HotplugSource source() {
        return source;
    }

    /**
     * Adds a listener.
     *
     * @param listener called for every event from now on (see {@link LinuxListener})
     * @return closing it removes the listener
     */
    public AutoCloseable addListener(LinuxListener listener) {
        Objects.requireNonNull(listener, "SysfsBus '" + subsystem + "': the listener must not be null");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Adds a listener for the driver-model events alone (bind, unbind, devres {@code ADD}/{@code REL} ...);
     * the same events also reach {@link #addListener} listeners as {@link LinuxEvent.Trace}.
     *
     * @param listener the listener
     * @return closing it removes the listener
     */
    public AutoCloseable addTraceListener(TraceListener listener) {
        return bus.addTraceListener(listener);
    }

    /**
     * Enumerates the devices already there and starts the event thread.
     *
     * @throws IllegalStateException if the bus was already started or closed
     */
    public void start() {
        synchronized (lifecycle) {
            if (state.get() != NEW) {
                throw new IllegalStateException("start of SysfsBus '" + subsystem + "' refused: it was already "
                        + (state.get() == RUNNING ? "started" : "closed") + " — a bus starts once");
            }
            startSeqnum = sysfs.seqnum();
            reconcile(KernelEvent.Origin.COLDPLUG);
            Thread t = new Thread(this::run, "devres4j-linux-" + subsystem + "-events");
            t.setDaemon(true);
            thread = t;
            state.set(RUNNING);
            t.start();
        }
    }

    /**
     * Registers a driver and probes it against every present, unbound device.
     *
     * @param driver the driver
     * @throws IllegalStateException if it (or one of its name) is registered already, or the bus is closed
     */
    public void register(SysfsDriver driver) {
        Objects.requireNonNull(driver, "register on SysfsBus '" + subsystem + "': the driver must not be null");
        synchronized (lifecycle) {
            if (state.get() == CLOSED) {
                throw new IllegalStateException("register of driver '" + driver.name() + "' on SysfsBus '" + subsystem
                        + "' refused: the bus is closed");
            }
            DriverAdapter a = new DriverAdapter(this, driver);
            if (drivers.putIfAbsent(driver, a) != null) {
                throw new IllegalStateException("register of driver '" + driver.name() + "' on SysfsBus '" + subsystem
                        + "' refused: it is already registered — a driver is registered once");
            }
            try {
                bus.registerDriver(a);
            } catch (RuntimeException e) {
                drivers.remove(driver, a);
                throw e;
            }
        }
    }

    /**
     * Unregisters a driver: every device bound to it is unbound (gate shut, {@code remove()}, devres).
     *
     * @param driver a registered driver
     * @throws IllegalArgumentException if it is not registered here
     * @throws org.devres4j.driver.DeviceTeardownException after every device was unbound, if a
     *         {@code remove()} or devres action threw
     */
    public void unregister(SysfsDriver driver) {
        Objects.requireNonNull(driver, "unregister on SysfsBus '" + subsystem + "': the driver must not be null");
        DriverAdapter a = drivers.remove(driver);
        if (a == null) {
            throw new IllegalArgumentException("unregister of driver '" + driver.name() + "' on SysfsBus '" + subsystem
                    + "' refused: it is not registered here");
        }
        bus.unregisterDriver(a);
    }

    /** @return the present devices, in plug order */
    public List<SysfsDevice> devices() {
        List<SysfsDevice> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparingLong(SysfsDevice::plugOrder));
        return out;
    }

    /**
     * @param name a device name
     * @return the present device of that name
     */
    public Optional<SysfsDevice> device(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return whether {@link #start()} ran and {@link #close()} did not */
    public boolean isRunning() {
        return state.get() == RUNNING;
    }

    /**
     * Stops the event thread, unplugs every device (gate shut, {@code remove()}, devres newest first),
     * unregisters every driver and closes the source. Idempotent; waits for the event thread.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (state.getAndSet(CLOSED) == CLOSED) {
                return;
            }
        }
        source.close();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            Joins.uninterruptibly(List.of(t));
        }
        List<SysfsDevice> left = devices();
        for (int i = left.size() - 1; i >= 0; i--) {
            unplug(left.get(i), "bus closed", System.nanoTime());
        }
        for (DriverAdapter a : List.copyOf(drivers.values())) {
            drivers.remove(a.driver, a);
            try {
                bus.unregisterDriver(a);
            } catch (RuntimeException e) {
                emit(new LinuxEvent.Failed("", "unregister driver '" + a.name() + "' at close", e));
            }
        }
    }

    @Override
    public String toString() {
        return "SysfsBus[" + subsystem + ", " + source.describe() + ", " + byName.size() + " devices]";
    }

    // ================================================================== internal

    SysfsDevice mirror(Device device) {
        return byDevice.get(device);
    }

    private void run() {
        while (true) {
            List<KernelEvent> events;
            try {
                events = source.await();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                emit(new LinuxEvent.Failed("", "read events from " + source.describe() + " (the bus stops following the kernel)", e));
                return;
            }
            if (events.isEmpty()) {
                return; // closed
            }
            for (KernelEvent e : events) {
                try {
                    apply(e);
                } catch (RuntimeException ex) {
                    emit(new LinuxEvent.Failed(e.name(), "apply " + e, ex));
                }
            }
        }
    }

    void apply(KernelEvent e) {
        emit(new LinuxEvent.Received(e));
        switch (e.action()) {
            case RESYNC:
                reconcile(KernelEvent.Origin.COLDPLUG);
                return;
            case ADD:
                if (alreadyEnumerated(e)) {
                    return;
                }
                SysfsDevice known = byName.get(e.name());
                if (known != null) {
                    if (known.identity().equals(e.identity())) {
                        if (known.driverName().isEmpty() && known.lastProbeError().isPresent()) {
                            // enumerated while half made (files missing, probe failed): the kernel's add says it is whole now
                            emit(new LinuxEvent.Skipped(e, "duplicate; probing again after the failed probe"));
                            probeAgain(known);
                        } else {
                            emit(new LinuxEvent.Skipped(e, "duplicate"));
                        }
                        return;
                    }
                    unplug(known, "replaced by " + e.identity(), e.receivedNanos());
                }
                plug(e);
                return;
            case REMOVE:
                if (alreadyEnumerated(e)) {
                    return;
                }
                SysfsDevice gone = byName.get(e.name());
                if (gone == null || !gone.identity().equals(e.identity())) {
                    emit(new LinuxEvent.Skipped(e, "unknown device"));
                    return;
                }
                unplug(gone, "removed by the kernel", e.receivedNanos());
                return;
            case MOVE:
                String old = e.property("DEVPATH_OLD").map(p -> p.substring(p.lastIndexOf('/') + 1)).orElse("");
                SysfsDevice moved = byName.get(old);
                if (moved != null) {
                    unplug(moved, "renamed to " + e.name(), e.receivedNanos());
                }
                if (!byName.containsKey(e.name())) {
                    plug(e);
                }
                return;
            default:
                emit(new LinuxEvent.Skipped(e, "not a device add or remove"));
        }
    }

    private void probeAgain(SysfsDevice d) {
        try {
            d.device.bind();
        } catch (IllegalStateException | ProbeFailedException ex) {
            // traced by the driver model (PROBE-FAIL); the device stays unbound
        }
    }

    private boolean alreadyEnumerated(KernelEvent e) {
        if (e.seqnum() != KernelEvent.NO_SEQNUM && startSeqnum != KernelEvent.NO_SEQNUM && e.seqnum() <= startSeqnum) {
            emit(new LinuxEvent.Skipped(e, "already enumerated (seqnum " + e.seqnum() + " <= " + startSeqnum + ")"));
            return true;
        }
        return false;
    }

    /* Compares the bus with sysfs: plugs what is new, unplugs what is gone or replaced. */
    private void reconcile(KernelEvent.Origin origin) {
        int plugged = 0;
        int unplugged = 0;
        Set<String> seen = new HashSet<>();
        for (KernelEvent e : sysfs.enumerate(subsystem, origin)) {
            seen.add(e.name());
            SysfsDevice known = byName.get(e.name());
            if (known != null) {
                OptionalLong ino = Sysfs.inode(known.directory());
                if (known.identity().equals(e.identity()) && ino.isPresent() && ino.getAsLong() == known.inode()) {
                    continue;
                }
                unplug(known, "replaced (found by comparing with sysfs)", e.receivedNanos());
                unplugged++;
            }
            if (plug(e)) {
                plugged++;
            }
        }
        for (SysfsDevice d : devices()) {
            if (!seen.contains(d.name())) {
                unplug(d, "gone (found by comparing with sysfs)", System.nanoTime());
                unplugged++;
            }
        }
        emit(new LinuxEvent.Resynced(plugged, unplugged));
    }

    private boolean plug(KernelEvent e) {
        String name = e.name();
        java.nio.file.Path dir = sysfs.classDir(subsystem).resolve(Sysfs.requireElement("device", name));
        OptionalLong ino = Sysfs.inode(dir);
        if (ino.isEmpty()) {
            emit(new LinuxEvent.Skipped(e, "gone before it could be plugged"));
            return false;
        }
        Device dev = bus.newDevice(name);
        SysfsDevice d = new SysfsDevice(e, dir, ino.getAsLong(), plugs.incrementAndGet(), dev);
        byDevice.put(dev, d);
        byName.put(name, d);
        emit(new LinuxEvent.Plugged(name, e.identity(), e.origin()));
        try {
            dev.add();
        } catch (RuntimeException ex) {
            byName.remove(name, d);
            byDevice.remove(dev);
            d.markGone();
            dev.put();
            emit(new LinuxEvent.Failed(name, "plug", ex));
            return false;
        }
        return true;
    }

    /* The surprise unplug: gate shut, then del (remove(), devres newest first), then the last put. */
    private void unplug(SysfsDevice d, String reason, long receivedNanos) {
        d.markGone();
        SysfsBinding b = d.binding;
        if (b != null) {
            b.gate().shut();
        }
        long shut = System.nanoTime();
        emit(new LinuxEvent.Unplugged(d.name(), d.identity(), reason, b != null, receivedNanos, shut));
        try {
            d.device.del();
        } catch (RuntimeException ex) {
            emit(new LinuxEvent.Failed(d.name(), "unplug (" + reason + ")", ex));
        } finally {
            byName.remove(d.name(), d);
            try {
                d.device.put();
            } catch (RuntimeException ex) {
                emit(new LinuxEvent.Failed(d.name(), "last put after unplug", ex));
            }
            byDevice.remove(d.device);
        }
    }

    private void emit(LinuxEvent e) {
        LinuxJfrEvent.commit(e);
        for (LinuxListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "listener of SysfsBus '" + subsystem + "' threw on " + e.verb()
                        + " of '" + e.device() + "'", ex);
            }
        }
    }
}
