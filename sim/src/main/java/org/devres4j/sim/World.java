package org.devres4j.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.devres4j.driver.Device;
import org.devres4j.driver.DeviceExistsException;
import org.devres4j.hw.MmioAccess;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * The simulated world: devices plugged into a physical address space, drivers, a sysfs-style
 * namespace and the hot-plug controller; its {@link Userspace} (processes, files, mappings) and its
 * {@link Sanitizer} watch and use it. One step at a time on one thread; a seed fixes every choice
 * ({@link Scheduler}). The {@link Verb}s call its operations; an operation that cannot run as written
 * throws {@link ScenarioStepException}.
 *
 * <p><b>Lifetime:</b> from construction to {@link #close()}, which every creator calls: its
 * {@link Platform} (bus, namespace, MMIO observer) lives exactly that span. <b>Order:</b> operations
 * in step order; kernel failures are logged and examined, never thrown. <b>Concurrency:</b>
 * single-threaded; a driver's worker thread touches it only while the step that started the work
 * waits for it.
 */
final class World implements AutoCloseable {

    /** Largest MMIO size a device may ask for: 1 TiB. */
    static final long MAX_MMIO = 1L << 40;
    /** Most ticks one {@code tick N} step may ask for. */
    static final int MAX_TICKS = 1_000_000;
    /** Unloaded drivers whose objects are all gone are forgotten once more than this many are kept. */
    private static final int UNLOADED_KEPT = 4;

    final EventLog log;
    final Devices devices = new Devices();
    final Sanitizer sanitizer;
    final SimHardware hw;
    final SimNamespace ns;
    final Scheduler scheduler;
    final Platform platform;
    final String policyName;
    private final Userspace userspace;
    final HotPlug hotplug;
    private final Binding binding;
    /** What the step running now (or the last one) released, for {@code expect released}. */
    final StepReleases releases = new StepReleases();
    final Map<String, SimDriver> drivers = new LinkedHashMap<>();
    private final List<SimDriver> unloaded = new ArrayList<>();
    final List<VirtualDevices.Virtual> virtuals = new ArrayList<>();
    /** The DRM devices of virtual devices, destroyed ones included: the leak check looks at them. */
    final List<org.devres4j.drm.DrmDevice> virtualCards = new ArrayList<>();
    /** What lifetime the objects of a list owner should have had, as the driver that filled the list knows it. */
    final Map<String, String> advice = new LinkedHashMap<>();
    final org.devres4j.drm.BridgeRegistry bridges = new org.devres4j.drm.BridgeRegistry();
    final TraceChecker checker = new TraceChecker();
    private int steps;
    private boolean shutDown;

    /**
     * @param seed     fixes every choice
     * @param policy   the driver-model policy's script name
     * @param log      the event log the world writes
     * @throws IllegalArgumentException if there is no such policy
     */
    World(long seed, String policy, EventLog log) {
        if (Scenario.driverModelPolicy(policy) == null) {
            throw new IllegalArgumentException("unknown driver-model policy " + Syntax.quote(policy)
                    + ": expected one of " + Scenario.policyNames().replace("|", ", "));
        }
        this.log = log;
        this.policyName = policy;
        this.scheduler = new Scheduler(seed);
        this.sanitizer = new Sanitizer(this);
        this.hw = new SimHardware(sanitizer);
        this.ns = new SimNamespace(log, sanitizer);
        this.userspace = new Userspace(this);
        this.hotplug = new HotPlug(this);
        this.binding = new Binding(this);
        this.platform = new Platform(Scenario.driverModelPolicy(policy), hw, ns, e -> trace(OwnerKind.DEVICE, e),
                this::onAccess);
        log.world("WORLD", "seed " + seed + ", policy " + policy, "");
    }

    /** A world with its own event log of the default window. */
    World(long seed, String policy) {
        this(seed, policy, new EventLog(RunOptions.HEAD_EVENTS, RunOptions.TAIL_EVENTS, EventListener.NONE));
    }

    /** Every lifetime event of the kernel model: logged, indexed, and checked for exactly-once and LIFO. */
    void trace(OwnerKind kind, org.devres4j.core.TraceEvent e) {
        log.kernel(kind, e);
        releases.add(e);
        TraceChecker.Violation v = checker.check(e);
        if (v != null) {
            log.world("INVARIANT", v.text(), "");
        }
    }

    /** @return a trace listener for DRM devices' events (what a DRM driver is given) */
    org.devres4j.core.TraceListener drmTrace() {
        return e -> trace(OwnerKind.DRM, e);
    }

    /** @return a trace listener for another resource list's events */
    org.devres4j.core.TraceListener listTrace() {
        return e -> trace(OwnerKind.LIST, e);
    }

    Userspace userspace() {
        return userspace;
    }

    // ------------------------------------------------------------------ steps

    /**
     * Runs one step and then lets the scheduler run late reactions and workloads. The step's result starts as
     * {@code ok}; the step's own call sets what it returned (an errno, a value, a fault of the kernel model).
     */
    void execute(Step step) {
        steps++;
        log.beginStep(steps, step.line(), step.toScript());
        userspace.result(CallResult.OK);
        releases.clear();
        step.verb().run(step, this);
        userspace.tick();
    }

    /** @return how many steps ran (the shutdown included) */
    int steps() {
        return steps;
    }

    void load(String name, String variant) {
        if (drivers.containsKey(name)) {
            throw new ScenarioStepException("driver '" + name + "' is already loaded (variant "
                    + drivers.get(name).variant() + ")");
        }
        SimDriver d = Drivers.create(name, variant, this);
        drivers.put(name, d);
        log.world("LOAD", "driver " + name, "variant " + variant);
        kernel("register driver " + name, () -> platform.bus().registerDriver(d.driver()));
    }

    void unload(String name) {
        SimDriver d = drivers.get(name);
        if (d == null) {
            throw new ScenarioStepException("driver '" + name + "' is not loaded");
        }
        List<String> boundTo = new ArrayList<>();
        devices.all().forEach((dev, device) -> {
            if (device.driver().filter(x -> x == d.driver()).isPresent()) {
                boundTo.add(dev);
            }
        });
        releasingBinding(boundTo, "unregister driver " + name, () -> platform.bus().unregisterDriver(d.driver()));
        drivers.remove(name);
        unloaded.add(d);
        unloaded.removeIf(u -> unloaded.size() > UNLOADED_KEPT && u.liveObjects().isEmpty());
        log.world("UNLOAD", "driver " + name, "");
        for (String dev : boundTo) {
            sanitizer.checkEndedBinding(devices.get(dev), "driver " + name);
            userspace.uevent(dev, "unbind");
        }
    }

    /**
     * Adds a device to the bus; a name still registered there is the sanitizer's EEXIST, any other
     * failure is logged and examined.
     *
     * @return false if the bus refused it for its name
     */
    boolean addDevice(String name, Runnable add) {
        try {
            add.run();
            return true;
        } catch (DeviceExistsException e) {
            sanitizer.deviceExists(name, platform.bus().name(), e);
            return false;
        } catch (RuntimeException e) {
            sanitizer.fault("KERNEL", "device_add " + name + " failed", e);
            return true;
        }
    }

    void virtual(String name, String holder, String fix) {
        if (devices.get(name) != null) {
            throw new ScenarioStepException("device '" + name + "' already exists");
        }
        VirtualDevices.Virtual v;
        try {
            v = VirtualDevices.create(this, name, holder, fix);
        } catch (DeviceExistsException e) {
            sanitizer.deviceExists(name, platform.bus().name(), e);
            throw new ScenarioStepException("virtual device '" + name + "' could not be created: the bus already has "
                    + "a device of that name");
        } catch (RuntimeException e) {
            sanitizer.examine(e);
            throw new ScenarioStepException("virtual device '" + name + "' could not be created: " + Sanitizer.firstLine(e));
        }
        virtuals.add(v);
        devices.put(name, v.device(), log.here());
    }

    void destroy(String name) {
        VirtualDevices.Virtual v = virtuals.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(
                () -> new ScenarioStepException("no virtual device '" + name + "' (destroy takes what 'virtual' made)"));
        virtuals.remove(v);
        kernel("destroy " + name, v::destroy);
        devices.remove(name);
    }

    /**
     * @param kind   {@code unplug}, {@code unbind} or {@code remove}
     * @param device the device
     * @param what   the step, for a refusal's message
     * @return the removal, its preconditions checked now
     * @throws ScenarioStepException if it cannot run as written
     */
    Race.Removal removal(String kind, String device, String what) {
        switch (kind) {
            case "unplug" -> {
                if (!devices.isPlugged(device)) {
                    throw new ScenarioStepException(what + ": device '" + device + "' is not plugged");
                }
                return new Race.Removal(kind, device, () -> hotplug.unplug(device));
            }
            case "remove" -> {
                devices.requireOnBus(device, what);
                return new Race.Removal(kind, device, () -> hotplug.remove(device));
            }
            case "unbind" -> {
                Device dev = devices.requireOnBus(device, what);
                if (!dev.isBound()) {
                    throw new ScenarioStepException(what + ": device '" + device + "' is not bound to a driver");
                }
                return binding.unbindRemoval(device, null);
            }
            default -> throw new IllegalArgumentException("no removal '" + kind + "': unplug, unbind or remove");
        }
    }

    /** Sysfs unbind (a workload on the device races it): {@link Binding#unbindRemoval}. */
    void unbind(String name, String driver) {
        userspace.removeRacingWorkloads(binding.unbindRemoval(name, driver));
    }

    /** Sysfs bind: {@link Binding#bind}. */
    void bind(String name, String driver) {
        binding.bind(name, driver);
    }

    /** A surprise removal (a workload on the device races it). */
    void unplug(String name) {
        hotplug.checkUnplug(name);
        userspace.removeRacingWorkloads(new Race.Removal("unplug", name, () -> hotplug.unplug(name)));
    }

    /** Sysfs {@code remove} (a workload on the device races it). */
    void remove(String name) {
        hotplug.checkRemove(name);
        userspace.removeRacingWorkloads(new Race.Removal("remove", name, () -> hotplug.remove(name)));
    }

    /** {@code pci_rescan_bus}. */
    void rescan() {
        hotplug.rescan();
    }

    void irq(String name) {
        Device dev = devices.require(name);
        boolean ran = hw.raise(dev);
        log.emit("IRQ", new Owner(OwnerKind.HARDWARE, name), 0, Effect.NONE, ran ? "handled" : "no handler", "");
    }

    /** {@code n} scheduler ticks; the step's own closing tick is the last of them. */
    void tick(int n) {
        for (int i = 1; i < n; i++) {
            userspace.tick();
        }
    }

    /** @return the driver bound to a device, if the world loaded it */
    SimDriver driverOf(Device dev) {
        for (SimDriver d : drivers.values()) {
            if (dev.driver().filter(x -> x == d.driver()).isPresent()) {
                return d;
            }
        }
        return null;
    }

    /** @return every driver loaded in this run, unloaded ones whose objects may still live included */
    List<SimDriver> allDrivers() {
        List<SimDriver> out = new ArrayList<>(drivers.values());
        out.addAll(unloaded);
        return out;
    }

    // ------------------------------------------------------------------ kernel calls

    /**
     * Runs a kernel operation; a failure is logged and examined, never a scenario error by itself, and makes
     * the step's result {@link CallResult#FAULT}.
     */
    void kernel(String what, Runnable op) {
        kernelCall(what, () -> {
            op.run();
            return null;
        }, null);
    }

    /** As {@link #kernel}, for an operation with a value: {@code failed} if it failed. */
    <T> T kernelCall(String what, java.util.function.Supplier<T> op, T failed) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            sanitizer.fault("KERNEL", what + " failed", e);
            userspace.result(CallResult.FAULT);
            return failed;
        }
    }

    /**
     * @param name a DRM device's name, e.g. {@code card1}
     * @return that DRM device (of a loaded or unloaded driver, or a virtual device)
     * @throws IllegalStateException if the world has none of that name
     */
    org.devres4j.drm.DrmDevice card(String name) {
        for (SimDriver d : allDrivers()) {
            for (org.devres4j.drm.DrmDevice c : d.cards()) {
                if (c.name().equals(name) && !c.isFreed()) {
                    return c;
                }
            }
        }
        for (org.devres4j.drm.DrmDevice c : virtualCards) {
            if (c != null && c.name().equals(name) && !c.isFreed()) {
                return c;
            }
        }
        throw new IllegalStateException("the world has no live DRM device " + name);
    }

    /**
     * Runs the core's release of these devices' bindings; meanwhile hardware accesses to them are the
     * bindings' own teardown, not a race ({@link Sanitizer}).
     */
    void releasingBinding(List<String> names, String what, Runnable op) {
        devices.releasing(names);
        try {
            kernel(what, op);
        } finally {
            devices.released(names);
        }
    }

    void reportProbeFailure(Device dev) {
        dev.lastProbeError().ifPresent(t -> {
            if (!dev.isBound()) {
                sanitizer.probeFailed(dev.name(), t);
                sanitizer.checkEndedBinding(dev, "failed probe");
            }
        });
    }

    /**
     * The world's MMIO observer. Called on the accessing thread — a driver's worker included (vgpu's
     * flush writes from {@code cardN-vgpu-flush}) — while the step that caused the access waits for it,
     * so the world is never changed by two threads at once.
     */
    private void onAccess(MmioAccess a) {
        userspace.onAccess(a);
        sanitizer.onAccess(a);
    }

    // ------------------------------------------------------------------ shutdown

    /** Shuts the world down: processes exit, devices go, drivers unload; then checks for leaks. */
    void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        steps++;
        log.beginShutdown(steps);
        userspace.exitAll();
        List<String> names = new ArrayList<>(devices.pluggedNames());
        java.util.Collections.reverse(names);
        for (String name : names) {
            hotplug.unplug(name);
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
        platform.close();
    }
}
