package org.devres4j.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.DriverModelPolicy;
import org.devres4j.driver.NoMatchingDriverException;
import org.devres4j.hw.AccessContext;
import org.devres4j.hw.MmioAccess;
import org.devres4j.hw.model.HardwareFault;
import org.devres4j.hw.model.Plug;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * The simulated world: a bus with devices plugged into a physical address space, drivers, a
 * sysfs-style namespace, userspace processes, a hot-plug controller and the sanitizer watching all of
 * it. One step at a time on one thread; a seed fixes every choice ({@link Scheduler}).
 *
 * <p><b>Lifetime:</b> from construction to {@link #close()}, which every creator calls: the world's
 * MMIO observer is registered for exactly that span, scoped to the world's own {@link SimHardware},
 * so an access is routed to its world by the hardware its mapping came from — not by thread (a
 * driver's worker thread is seen too) and never to another world open at the same time.
 */
final class World implements SimHardware.Faults, SimNamespace.Conflicts, AutoCloseable {

    /** A step that cannot run as written: the runner turns it into a scenario error. */
    static final class StepException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepException(String message) {
            super(message);
        }
    }

    /** How the kernel model words a refusal to use an object whose last reference is gone. */
    private static final java.util.regex.Pattern DEAD_OBJECT = java.util.regex.Pattern.compile(
            "after its last put|released at its last put|was cleaned up");

    final EventLog log = new EventLog();
    final Sanitizer sanitizer = new Sanitizer(log);
    final SimHardware hw;
    final SimNamespace ns;
    final Scheduler scheduler;
    final Bus bus;
    private final AutoCloseable busTrace;
    /**
     * This world's MMIO observer, scoped to its own hardware: it sees every access through a mapping of
     * this world's devices, on whatever thread (a driver's worker included), and nothing of another
     * world's; registered for the world's life, unregistered by {@link #close()}.
     */
    private final AutoCloseable accessObserver;

    /** Current Device object per name (plugged or virtual). */
    final Map<String, Device> devices = new LinkedHashMap<>();
    final Map<String, String> pluggedAt = new LinkedHashMap<>();
    final Map<String, String> unpluggedAt = new LinkedHashMap<>();
    final Map<String, SimDriver> drivers = new LinkedHashMap<>();
    final Map<String, SimProcess> processes = new TreeMap<>();
    final List<VirtualDevices.Virtual> virtuals = new ArrayList<>();
    final List<org.devres4j.drm.DrmDevice> virtualCards = new ArrayList<>();
    final List<SimDriver> unloaded = new ArrayList<>();
    final Map<String, String> firstSeen = new LinkedHashMap<>();
    /** Per device: how many of its bindings ended leaving resources on its devres list. */
    private final Map<String, Integer> endedBindings = new LinkedHashMap<>();
    private final String policyName;
    /** What lifetime the objects of a list owner should have had, when the owner's name does not say. */
    final Map<String, String> advice = new LinkedHashMap<>();
    final org.devres4j.drm.BridgeRegistry bridges = new org.devres4j.drm.BridgeRegistry();
    /** Failures that were neither an errno nor a sanitizer finding: what the fuzzer calls an oops. */
    final List<String> oopses = new ArrayList<>();
    final TraceChecker checker = new TraceChecker();
    private String last = "ok";
    /** Devices whose binding the core is releasing right now (unbind, driver unload, device_del). */
    private final Set<String> releasingBindings = new HashSet<>();
    /** A device whose unplug races the ioctl in flight ({@link #raceUnplug}), until the unplug lands. */
    private String racingUnplug;
    /** Whether that unplug is waiting for an enter/exit section of the ioctl to end. */
    private boolean unplugWaited;
    /** Whether a racing ioctl is in flight: uevents wait in {@link #heldUevents} until it returns. */
    private boolean ioctlInFlight;
    private final List<String[]> heldUevents = new ArrayList<>();
    /** Mappings already reported for an unguarded access: one report per mapping. */
    private final Set<String> unguardedReported = new HashSet<>();
    /** MMIO accesses the observer saw, per accessing thread's name. */
    private final Map<String, Integer> accessesByThread = new java.util.concurrent.ConcurrentHashMap<>();
    private int steps;
    private boolean shutDown;

    World(long seed, String policy) {
        this.scheduler = new Scheduler(seed);
        this.hw = new SimHardware(this);
        this.ns = new SimNamespace(log, this);
        this.bus = new Bus("sim", ns);
        DriverModelPolicy p = Scenario.driverModelPolicy(policy);
        if (p == null) {
            throw new IllegalArgumentException("unknown driver-model policy '" + policy + "': expected one of "
                    + Scenario.policyNames().replace("|", ", "));
        }
        this.bus.setPolicy(p);
        this.policyName = policy;
        this.busTrace = bus.addTraceListener(this::trace);
        log.add("WORLD seed " + seed + ", policy " + policy);
        this.accessObserver = hw.observers().add(this::onAccess);
    }

    /** Every lifetime event of the world: logged, indexed, and checked for exactly-once and LIFO. */
    void trace(org.devres4j.core.TraceEvent e) {
        log.trace(e);
        String violation = checker.check(e);
        if (violation != null) {
            log.add("INVARIANT " + violation);
        }
    }

    // ------------------------------------------------------------------ steps

    /** Runs one step and then lets the scheduler run late reactions. */
    void execute(Step step) {
        steps++;
        log.beginStep(steps, step.line(), step.toScript());
        switch (step.verb()) {
            case "load" -> load(step.arg(0), step.option("variant", "fixed"));
            case "unload" -> unload(step.arg(0));
            case "plug" -> plug(step.arg(0), ScenarioScript.number(step.option("mmio", "0x1000")));
            case "virtual" -> virtual(step.arg(0), step.option("holder", "devm"), step.option("fix", "none"));
            case "unplug" -> unplug(step.arg(0));
            case "unbind" -> unbind(step.arg(0));
            case "bind" -> bind(step.arg(0));
            case "rescan" -> kernel("rescan", bus::rescan);
            case "process" -> spawn(step.arg(0), step.option("on-remove", "never"));
            case "open" -> open(step.arg(0), step.arg(1), step.arg(2));
            case "ioctl" -> ioctl(step.arg(0), step.arg(1), step.arg(2), step.option("racing", null));
            case "mmap" -> mmap(step.arg(0), step.arg(1), step.arg(2));
            case "touch" -> touch(step.arg(0), step.arg(1), step.args().size() > 2 && step.arg(2).equals("write"));
            case "close" -> close(step.arg(0), step.arg(1));
            case "exit" -> exit(step.arg(0));
            case "irq" -> irq(step.arg(0));
            case "tick" -> {
                int n = step.args().isEmpty() ? 1 : (int) ScenarioScript.number(step.arg(0));
                for (int i = 1; i < n; i++) {
                    tick();
                }
            }
            case "expect" -> throw new StepException("expect steps are checked by the runner");
            default -> throw new StepException("unknown step '" + step.verb() + "'");
        }
        tick();
    }

    String last() {
        return last;
    }

    int steps() {
        return steps;
    }

    private void load(String name, String variant) {
        if (drivers.containsKey(name)) {
            throw new StepException("driver '" + name + "' is already loaded (variant "
                    + drivers.get(name).variant() + ")");
        }
        SimDriver d = Drivers.create(name, variant, this);
        drivers.put(name, d);
        log.add("LOAD driver " + name + " variant " + variant);
        kernel("register driver " + name, () -> bus.registerDriver(d.driver()));
    }

    private void unload(String name) {
        SimDriver d = drivers.get(name);
        if (d == null) {
            throw new StepException("driver '" + name + "' is not loaded");
        }
        List<String> boundTo = new ArrayList<>();
        for (Map.Entry<String, Device> e : devices.entrySet()) {
            if (e.getValue().driver().filter(x -> x == d.driver()).isPresent()) {
                boundTo.add(e.getKey());
            }
        }
        releasingBinding(boundTo, "unregister driver " + name, () -> bus.unregisterDriver(d.driver()));
        drivers.remove(name);
        unloaded.add(d);
        log.add("UNLOAD driver " + name);
        for (String dev : boundTo) {
            checkEndedBinding(devices.get(dev), "driver " + name);
            uevent(dev, "unbind");
        }
    }

    private void plug(String name, long mmio) {
        Device old = devices.get(name);
        if (old != null && pluggedAt.containsKey(name)) {
            throw new StepException("device '" + name + "' is already plugged (since " + pluggedAt.get(name) + ")");
        }
        Device dev = bus.newDevice(name);
        Plug p;
        try {
            p = hw.plug(dev, mmio);
        } catch (IllegalArgumentException e) {
            dev.put();
            throw new StepException(e.getMessage());
        }
        devices.put(name, dev);
        pluggedAt.put(name, log.here());
        firstSeen.putIfAbsent(name, log.here());
        unpluggedAt.remove(name);
        log.add(String.format("PLUG %s mmio %s irq %d", name, p.ranges().get(0), p.irqs().get(0)));
        kernel("device_add " + name, dev::add);
        if (!dev.isRegistered()) {
            // the bus refused the device (a name still taken): the hardware goes back, nothing stays
            hw.unplug(dev);
            kernel("put " + name, dev::put);
            pluggedAt.remove(name);
            if (old != null) {
                devices.put(name, old);
            } else {
                devices.remove(name);
            }
            log.add("PLUG " + name + " refused by the bus");
            return;
        }
        reportProbeFailure(dev);
    }

    private void virtual(String name, String holder, String fix) {
        if (devices.containsKey(name)) {
            throw new StepException("device '" + name + "' already exists");
        }
        VirtualDevices.Virtual v;
        try {
            v = VirtualDevices.create(this, name, holder, fix);
        } catch (RuntimeException e) {
            examine(e);
            throw new StepException("virtual device '" + name + "' could not be created: " + firstLine(e));
        }
        virtuals.add(v);
        firstSeen.putIfAbsent(name, log.here());
        if (v.device() != null) {
            devices.put(name, v.device());
        }
    }

    private void unplug(String name) {
        Device dev = device(name);
        if (!pluggedAt.containsKey(name)) {
            throw new StepException("device '" + name + "' is not plugged");
        }
        log.add("UNPLUG " + name + " (surprise removal)");
        // the bus core removes the device (driver remove, devres), then gives its resources back
        releasingBinding(List.of(name), "device_del " + name, dev::del);
        kernel("put " + name, dev::put);
        hw.unplug(dev);
        pluggedAt.remove(name);
        endedBindings.remove(name);
        unpluggedAt.put(name, log.here());
        uevent(name, "remove");
    }

    private void unbind(String name) {
        Device dev = device(name);
        if (!dev.isBound()) {
            throw new StepException("device '" + name + "' is not bound to a driver");
        }
        String was = dev.driver().map(d -> d.name()).orElse("?");
        releasingBinding(List.of(name), "unbind " + name, dev::unbind);
        checkEndedBinding(dev, "driver " + was);
        uevent(name, "unbind");
    }

    /**
     * After a binding ended (sysfs unbind, driver unload, a failed probe) the device's devres list must be
     * empty (DESIGN.md invariant 4): whatever is still on it belongs to the ended binding — or to an
     * earlier one — and will pile up over unbind/rebind cycles until the device is deleted. Reported as a
     * {@link ReportKind#LEAK}, one report per ended binding that leaves something behind.
     */
    private void checkEndedBinding(Device dev, String ending) {
        if (dev == null || dev.isDeleted() || dev.devres().isEmpty()) {
            return;
        }
        int bindings = endedBindings.merge(dev.name(), 1, Integer::sum);
        List<String> held = dev.devres().names();
        String name = dev.name();
        sanitizer.report(ReportKind.LEAK, "resources of an ended binding of " + name + " (" + ending + ")",
                "added to the devres list of " + name + " before its binding ended (" + held.size()
                        + " still there, oldest first: " + String.join(", ", held) + ")",
                "not released when the binding ended at " + log.here() + " (driver-model policy " + policyName
                        + "): it stays until " + name + " is deleted",
                "devm released at unbind (the current core): remove() then the devres list, at every unbind "
                        + "and failed probe",
                held.size() + " resource(s) of " + bindings + " ended binding(s) still held after the binding ended: "
                        + "they pile up with every unbind/rebind cycle (seed 000's option 2)",
                List.of("device " + name, "its devres list, holding " + held.size() + " resource(s) of ended bindings"));
        log.add("LEAK " + name + " holds " + held.size() + " resource(s) of " + bindings + " ended binding(s)");
    }

    private void bind(String name) {
        Device dev = device(name);
        if (dev.isBound()) {
            throw new StepException("device '" + name + "' is already bound to "
                    + dev.driver().map(d -> d.name()).orElse("?"));
        }
        boolean[] noMatch = {false};
        kernel("bind " + name, () -> {
            try {
                dev.bind();
            } catch (NoMatchingDriverException e) {
                noMatch[0] = true;
            }
        });
        if (noMatch[0]) {
            last = Errno.ENODEV.name();   // sysfs bind with no driver that matches
            log.add("BIND " + name + " -> ENODEV (no loaded driver matches)");
            return;
        }
        last = dev.isBound() ? "ok" : Errno.ENODEV.name();
        reportProbeFailure(dev);
    }

    private void irq(String name) {
        Device dev = device(name);
        boolean ran = hw.raise(dev);
        log.add("IRQ " + name + (ran ? " handled" : " (no handler)"));
    }

    private Device device(String name) {
        Device d = devices.get(name);
        if (d == null) {
            throw new StepException("no device '" + name + "' (plug it first)");
        }
        return d;
    }

    // ------------------------------------------------------------------ userspace

    private void spawn(String name, String reaction) {
        if (processes.containsKey(name)) {
            throw new StepException("process '" + name + "' already exists");
        }
        processes.put(name, new SimProcess(name, SimProcess.Reaction.of(reaction)));
        log.add("SPAWN " + name + " (closes on removal: " + reaction + ")");
        last = "ok";
    }

    private SimProcess process(String name) {
        SimProcess p = processes.get(name);
        if (p == null) {
            throw new StepException("no process '" + name + "' (start it with: process " + name + ")");
        }
        return p;
    }

    private void open(String pname, String device, String fname) {
        SimProcess p = process(pname);
        if (p.files.containsKey(fname)) {
            throw new StepException("process '" + pname + "' already has a file '" + fname + "'");
        }
        Device dev = devices.get(device);
        SimDriver driver = dev == null ? null : driverOf(dev);
        if (driver == null) {
            last = Errno.ENODEV.name();
            log.add("OPEN " + pname + " " + device + " -> ENODEV (no driver bound)");
            return;
        }
        userspace("open", () -> {
            Optional<UserFile> f = driver.open(dev);
            if (f.isEmpty()) {
                last = Errno.ENODEV.name();
            } else {
                p.files.put(fname, f.get());
                last = "ok";
            }
        });
        log.add("OPEN " + pname + " " + device + " as " + fname + " -> " + last);
    }

    SimDriver driverOf(Device dev) {
        for (SimDriver d : drivers.values()) {
            if (dev.driver().filter(x -> x == d.driver()).isPresent()) {
                return d;
            }
        }
        return null;
    }

    private UserFile file(SimProcess p, String fname) {
        UserFile f = p.files.get(fname);
        if (f == null) {
            throw new StepException("process '" + p.name + "' has no open file '" + fname + "'");
        }
        return f;
    }

    private void ioctl(String pname, String fname, String ioctl, String racing) {
        SimProcess p = process(pname);
        UserFile f = file(p, fname);
        String norm = ioctl.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!f.ioctls().contains(norm)) {
            throw new StepException("the driver of '" + fname + "' has no ioctl '" + ioctl + "': it has "
                    + f.ioctls());
        }
        if (racing == null) {
            userspace("ioctl " + norm, () -> last = f.ioctl(norm));
            log.add("IOCTL " + pname + " " + fname + " " + norm + " -> " + last);
            return;
        }
        ioctlInFlight = true;   // the caller is inside its ioctl: it hears of the removal when the call returns
        try {
            raceUnplug(racing, pname + "'s ioctl " + norm);
            userspace("ioctl " + norm, () -> last = f.ioctl(norm));
            log.add("IOCTL " + pname + " " + fname + " " + norm + " -> " + last);
        } finally {
            ioctlInFlight = false;
        }
        List<String[]> heldBack = new ArrayList<>(heldUevents);
        heldUevents.clear();
        for (String[] u : heldBack) {
            uevent(u[0], u[1]);
        }
        if (racingUnplug != null) {
            String dev = racingUnplug;
            racingUnplug = null;
            log.add("RACE the unplug of " + dev + (unplugWaited ? " waited for the enter/exit section; it runs now"
                    : " lands after the ioctl (it touched no register of " + dev + ")"));
            unplugWaited = false;
            unplug(dev);
        }
    }

    /**
     * An ioctl in flight (begin, hardware access, end) racing a surprise removal: the scheduler picks
     * where the unplug lands — before the ioctl begins, or at its first register access of the device.
     * An access outside enter/exit then goes ahead into a range that was just unmapped and freed; an
     * access inside an enter/exit section holds the unplug off until the section ends (the unplug
     * waits for it), and an ioctl that begins after the unplug gets ENODEV from enter.
     */
    private void raceUnplug(String device, String ioctl) {
        if (!pluggedAt.containsKey(device)) {
            throw new StepException("ioctl racing=" + device + ": device '" + device + "' is not plugged");
        }
        boolean first = scheduler.chance(50);
        log.add("RACE " + ioctl + " with the unplug of " + device + ": the scheduler lands the unplug "
                + (first ? "before the ioctl begins" : "at the ioctl's first register access"));
        if (first) {
            unplug(device);
        } else {
            racingUnplug = device;
        }
    }

    private void mmap(String pname, String fname, String mname) {
        SimProcess p = process(pname);
        UserFile f = file(p, fname);
        if (p.maps.containsKey(mname)) {
            throw new StepException("process '" + pname + "' already has a mapping '" + mname + "'");
        }
        userspace("mmap", () -> {
            UserMap m = f.mmap();
            p.maps.put(mname, m);
            p.mapFile.put(mname, fname);
            last = "ok";
        });
        log.add("MMAP " + pname + " " + fname + " as " + mname + " -> " + last);
    }

    private void touch(String pname, String mname, boolean write) {
        SimProcess p = process(pname);
        UserMap m = p.maps.get(mname);
        if (m == null) {
            throw new StepException("process '" + pname + "' has no mapping '" + mname + "'");
        }
        userspace("touch", () -> last = m.touch(write));
        log.add("TOUCH " + pname + " " + mname + (write ? " write" : " read") + " -> " + last);
    }

    private void close(String pname, String fname) {
        SimProcess p = process(pname);
        UserFile f = file(p, fname);
        closeFile(p, fname, f);
    }

    private void closeFile(SimProcess p, String fname, UserFile f) {
        for (String m : new ArrayList<>(p.mapFile.keySet())) {
            if (p.mapFile.get(m).equals(fname)) {
                UserMap map = p.maps.remove(m);
                p.mapFile.remove(m);
                userspace("munmap", map::unmap);
            }
        }
        p.files.remove(fname);
        userspace("close", f::close);
        log.add("CLOSE " + p.name + " " + fname + " (" + f.card() + ") -> " + last);
    }

    private void exit(String pname) {
        SimProcess p = process(pname);
        for (String fname : new ArrayList<>(p.files.keySet())) {
            closeFile(p, fname, p.files.get(fname));
        }
        processes.remove(pname);
        log.add("EXIT " + pname);
        last = "ok";
    }

    /** Tells every process that holds a file on the device; each reacts its own way. */
    private void uevent(String device, String action) {
        if (ioctlInFlight) {
            heldUevents.add(new String[] {device, action});
            log.add("UEVENT " + action + " " + device + " held back: userspace is inside a racing ioctl");
            return;
        }
        for (SimProcess p : processes.values()) {
            if (!p.holdsFileOn(device)) {
                continue;
            }
            switch (p.reaction) {
                case NOW -> {
                    log.add("UEVENT " + action + " " + device + " -> " + p.name + " closes now");
                    closeFilesOn(p, device);
                }
                case LATE -> {
                    p.pendingRemovals.add(device);
                    if (p.countdown <= 0) {
                        // counted down at the end of this step too: it acts 1 to 3 steps after this one
                        p.countdown = scheduler.between(1, 3) + 1;
                    }
                    log.add("UEVENT " + action + " " + device + " -> " + p.name + " will close after "
                            + (p.countdown - 1) + " more step(s)");
                }
                case NEVER -> log.add("UEVENT " + action + " " + device + " -> " + p.name + " ignores it");
            }
        }
    }

    private void closeFilesOn(SimProcess p, String device) {
        for (Map.Entry<String, UserFile> e : new ArrayList<>(p.files.entrySet())) {
            if (e.getValue().device().equals(device)) {
                closeFile(p, e.getKey(), e.getValue());
            }
        }
    }

    /** One scheduler tick: late closers whose time has come act, in an order the seed picks. */
    void tick() {
        List<SimProcess> due = new ArrayList<>();
        for (SimProcess p : processes.values()) {
            if (!p.pendingRemovals.isEmpty() && --p.countdown <= 0) {
                due.add(p);
            }
        }
        while (!due.isEmpty()) {
            SimProcess p = scheduler.pick(due);
            due.remove(p);
            log.add("SCHED " + p.name + " (late closer) runs");
            for (String device : new ArrayList<>(p.pendingRemovals)) {
                closeFilesOn(p, device);
            }
            p.pendingRemovals.clear();
        }
    }

    // ------------------------------------------------------------------ kernel calls and faults

    /** Runs a kernel operation; a failure is logged and examined, never a scenario error by itself. */
    void kernel(String what, Runnable op) {
        try {
            op.run();
        } catch (RuntimeException e) {
            examine(e);
            log.add("KERNEL " + what + " failed: " + firstLine(e));
            oopses.add(log.here() + ": " + what + " failed: " + firstLine(e));
        }
    }

    /**
     * Runs the core's release of these devices' bindings; meanwhile hardware accesses to them are the
     * bindings' own teardown ({@link #unguardedAccess}).
     */
    private void releasingBinding(List<String> names, String what, Runnable op) {
        releasingBindings.addAll(names);
        try {
            kernel(what, op);
        } finally {
            releasingBindings.removeAll(names);
        }
    }

    /** Runs a userspace call; errno failures become the call's result. */
    private void userspace(String what, Runnable op) {
        try {
            op.run();
        } catch (ErrnoException e) {
            last = e.errno().name();
        } catch (RuntimeException e) {
            examine(e);
            last = "FAULT";
            log.add("FAULT in " + what + ": " + firstLine(e));
            oopses.add(log.here() + ": " + what + " faulted: " + firstLine(e));
        }
    }

    private void reportProbeFailure(Device dev) {
        dev.lastProbeError().ifPresent(t -> {
            if (!dev.isBound()) {
                examine(t);
                log.add("PROBE " + dev.name() + " failed: " + firstLine(t));
                oopses.add(log.here() + ": probe of " + dev.name() + " failed: " + firstLine(t));
                checkEndedBinding(dev, "failed probe");
            }
        });
    }

    /** Turns what a failure carries into sanitizer reports (use-after-release). */
    void examine(Throwable t) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (!seen.add(x)) {
                continue;
            }
            if (x instanceof UseAfterReleaseException u) {
                useAfterRelease(u);
            } else if (x instanceof IllegalStateException && x.getMessage() != null
                    && DEAD_OBJECT.matcher(x.getMessage()).find()) {
                // a refcounted object (DrmDevice, bridge, KMS object) used after its last put
                sanitizer.report(ReportKind.USE_AFTER_RELEASE, firstLine(x).replaceFirst("^IllegalStateException: ", ""),
                        "", "at the last put of its reference count",
                        "a reference of its own (get/put) held for as long as it is used",
                        "used at " + log.here() + " after its last reference was dropped", List.of());
            }
            if (x instanceof org.devres4j.driver.DeviceExistsException d) {
                String name = d.deviceName();
                sanitizer.report(ReportKind.EEXIST, "device name '" + name + "' on bus " + bus.name(),
                        firstSeen.containsKey(name) ? "the name was first registered at " + firstSeen.get(name) : "",
                        "the earlier device of that name is still registered",
                        "one registered device per name: delete (device_del) the old one before adding another",
                        d.getMessage(), List.of());
            }
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(List.of(x.getSuppressed()));
        }
    }

    private void useAfterRelease(UseAfterReleaseException u) {
        String owner = u.ownerName();
        EventLog.Life life = log.find(u.valueName(), owner, true);
        boolean devm = devices.containsKey(owner);
        boolean bridge = u.valueName().contains("bridge");
        String allocated = (life != null ? "added at " + life.added : u.allocatedAt())
                + " on " + (devm ? "the devres list of device " + owner + " (devm)" : "the list of " + owner);
        String released = life != null && life.released != null ? life.released : u.releasedBy();
        String should = bridge ? "refcounted — an object another device links must live until its last put "
                + "(Bridge.create + attach), not die with its provider's binding"
                : advice.containsKey(owner) ? advice.get(owner)
                : devm ? "drmm — software state that userspace can reach must live until the last "
                + "DrmDevice reference is dropped, not end at unbind"
                : "a longer lifetime";
        sanitizer.report(ReportKind.USE_AFTER_RELEASE, "'" + u.valueName() + "' of " + owner, allocated, released,
                should, "read at " + log.here() + " after its list released it", List.of());
    }

    /**
     * The world's MMIO observer. Called on the accessing thread — a driver's worker included (vgpu's
     * flush writes from {@code cardN-vgpu-flush}) — while the step that caused the access waits for it,
     * so the world is never changed by two threads at once.
     */
    private void onAccess(MmioAccess a) {
        accessesByThread.merge(Thread.currentThread().getName(), 1, Integer::sum);
        String op = (a.write() ? "write32" : "read32") + " +0x" + Long.toHexString(a.offset());
        if (racingUnplug != null && racingUnplug.equals(a.device()) && !unplugWaited) {
            if (a.context() == AccessContext.GUARDED) {
                unplugWaited = true;
                log.add("RACE the unplug of " + a.device() + " waits: the " + op + " is inside an enter/exit section");
            } else {
                String dev = racingUnplug;
                racingUnplug = null;
                log.add("RACE the unplug of " + dev + " lands now, between the ioctl's begin and its " + op
                        + " (" + a.context() + ")");
                unplug(dev);
            }
        }
        if (a.context() == AccessContext.UNGUARDED && a.mapped()) {
            unguardedAccess(a, op);
        } else if (a.context() == AccessContext.UNGUARDED) {
            unguardedAccessReport(a, "unmapped" + (unpluggedAt.containsKey(a.device()) ? ": " + a.device()
                    + " was unplugged at " + unpluggedAt.get(a.device()) : ""), op
                    + " through unguardedAccess() after the mapping was unmapped: nothing kept the hardware present");
        }
        if (!a.mapped()) {
            // whatever its context, an access after unmap is a use-after-unplug (its detail names the context)
            EventLog.Life life = log.find(a.mapping(), null);
            sanitizer.report(ReportKind.USE_AFTER_UNPLUG, "MMIO " + a.mapping(),
                    life == null ? "" : "mapped at " + life.added + " (" + lifetime(life.owner) + ")",
                    life == null || life.released == null ? "unmapped" : "unmapped: " + life.released,
                    "every access inside drm_dev_enter/exit, so none happens after the devm unmap",
                    op + " after the mapping was unmapped (" + a.context() + ")", List.of());
        }
    }

    /**
     * An access through the escape hatch to a still-mapped range. After an unplug it is a bug that
     * happened; while the device is plugged it is one waiting to happen (nothing would stop an unplug in
     * the middle) — except while the core is releasing that device's binding (unbind, driver unload,
     * device_del with the hardware still present): that is the binding's own teardown, which no unplug
     * can race, so it is logged and not reported.
     */
    private void unguardedAccess(MmioAccess a, String op) {
        String dev = a.device();
        if (!pluggedAt.containsKey(dev)) {
            unguardedAccessReport(a, dev + " was unplugged" + (unpluggedAt.containsKey(dev)
                    ? " at " + unpluggedAt.get(dev) : ""), op + " through unguardedAccess() after " + dev
                    + " was unplugged: nothing kept the hardware present");
        } else if (releasingBindings.contains(dev)) {
            log.add("MMIO " + op + " of " + a.mapping() + " outside enter/exit, in the release of " + dev
                    + "'s binding with the hardware present: teardown, not a race");
        } else {
            unguardedAccessReport(a, "not released: " + dev + " is plugged, but nothing held it there"
                    + (devices.containsKey(dev) && !devices.get(dev).isBound() ? " (and no driver is bound to it)" : ""),
                    op + " through unguardedAccess(), outside enter/exit: would race an unplug of " + dev);
        }
    }

    /** Reports the first unguarded access through a mapping; later ones are logged as repeats. */
    private void unguardedAccessReport(MmioAccess a, String released, String what) {
        if (!unguardedReported.add(a.mapping())) {
            log.add("SANITIZER (repeat) " + ReportKind.UNGUARDED_ACCESS.id() + " MMIO " + a.mapping() + " — " + what);
            return;
        }
        EventLog.Life life = log.find(a.mapping(), null);
        if (life == null) {
            life = mappingLife(a.device());
        }
        sanitizer.report(ReportKind.UNGUARDED_ACCESS, "MMIO " + a.mapping(),
                life == null ? "" : "mapped at " + life.added + " (" + lifetime(life.owner) + ")",
                released,
                "devm for the mapping, and every access inside drm_dev_enter/exit (DrmDevice.enter()), "
                        + "which fails once the device is unplugged",
                what, List.of());
    }

    @Override
    public void staleAccess(HardwareFault f) {
        String device = f.device();
        String mapping = device + ":bar0";
        EventLog.Life life = mappingLife(device);
        String op = (f.write() ? "write32 0x" + Integer.toHexString(f.value()) + " to" : "read32 of") + " +0x"
                + Long.toHexString(f.offset()) + " (" + (f.context() == null ? "raw" : f.context()) + ")";
        String where = f.now() != null
                ? "the range " + f.assignment() + " now belongs to " + f.nowOwner() + " (plugged at "
                + pluggedAt.getOrDefault(f.nowOwner(), "?") + "): the access landed in " + f.nowOwner()
                + "'s registers"
                : "the range " + f.assignment() + " belongs to no device: " + device + " was unplugged"
                + (unpluggedAt.containsKey(device) ? " at " + unpluggedAt.get(device) : "")
                + "; reads return all-ones, writes vanish";
        sanitizer.report(ReportKind.USE_AFTER_UNPLUG, "MMIO " + mapping + " " + f.assignment(),
                life == null ? "mapped while " + device + " was plugged"
                        : "mapped at " + life.added + " (" + lifetime(life.owner) + ")",
                life == null || life.released == null ? "still mapped: its unmap had not run when the hardware went"
                        + (life != null ? " (it waits for the last put of " + life.owner + ")" : "")
                        : life.released,
                "devm — hardware mappings must be undone at unbind, when the hardware goes, even if the "
                        + "DrmDevice lives on",
                op + ": " + where, List.of());
    }

    @Override
    public void staleIrq(HardwareFault line) {
        String name = line.source().substring(line.source().indexOf('\'') + 1, line.source().length() - 1);
        sanitizer.report(ReportKind.USE_AFTER_UNPLUG, "irq " + line.irq() + " handler " + name, "requested by "
                        + line.device(), "still requested after " + line.device() + " was unplugged",
                "devm (devm_request_irq): the line is freed at unbind",
                "the line now belongs to another device, whose interrupt ran a stale handler", List.of());
    }

    @Override
    public void exists(String path, SimNamespace.Entry holder, String newcomer) {
        sanitizer.report(ReportKind.EEXIST, path,
                "registered by " + holder.owner() + " at " + holder.since(),
                "not withdrawn: its removal is tied to a lifetime that outlived the unbind (an open file keeps "
                        + "the old DrmDevice and its drmm list alive)",
                "devm — removing uapi (sysfs entries, device nodes) belongs to unbind (seed 004)",
                newcomer + " tried to register '" + path + "' again at " + log.here(), List.of());
    }

    /** @return where a device's mapping was registered for undoing: devm on the device, or drmm on a card */
    private EventLog.Life mappingLife(String device) {
        EventLog.Life life = log.find(device + ":bar0", null);
        if (life != null) {
            return life;
        }
        for (SimDriver d : allDrivers()) {
            for (org.devres4j.drm.DrmDevice c : d.cards()) {
                if (c.parent().name().equals(device)) {
                    EventLog.Life l = log.find("iounmap", c.name());
                    if (l != null) {
                        return l;
                    }
                }
            }
        }
        return null;
    }

    List<SimDriver> allDrivers() {
        List<SimDriver> out = new ArrayList<>(drivers.values());
        out.addAll(unloaded);
        return out;
    }

    String lifetime(String owner) {
        return devices.containsKey(owner) ? "devm on " + owner : "drmm on " + owner;
    }

    static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    // ------------------------------------------------------------------ shutdown

    /** Shuts the world down: processes exit, devices go, drivers unload; then checks for leaks. */
    void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        steps++;
        log.beginStep(steps, 0, "world shutdown");
        for (String p : new ArrayList<>(processes.keySet())) {
            exit(p);
        }
        List<String> names = new ArrayList<>(pluggedAt.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            unplug(name);
        }
        for (VirtualDevices.Virtual v : virtuals) {
            kernel("destroy " + v.name(), v::destroy);
        }
        for (String d : new ArrayList<>(drivers.keySet())) {
            unload(d);
        }
        LeakCheck.run(this);
    }

    List<Report> reports() {
        return sanitizer.reports();
    }

    @Override
    public void close() {
        // The bus, its namespace and the hardware belong to this world alone: nothing global refers to them.
        try {
            busTrace.close();
        } catch (Exception e) {
            log.add("KERNEL closing the bus trace failed: " + e);
        }
        try {
            accessObserver.close();
        } catch (Exception e) {
            log.add("KERNEL closing the MMIO observer failed: " + e);
        }
    }

    /** @return MMIO accesses to this world's devices seen so far, per accessing thread's name */
    Map<String, Integer> accessesByThread() {
        return Map.copyOf(accessesByThread);
    }

    /** @return whether an MMIO access through a mapping of this world's hardware is observed right now */
    boolean observingAccesses() {
        return hw.observers().isObserved();
    }
}
