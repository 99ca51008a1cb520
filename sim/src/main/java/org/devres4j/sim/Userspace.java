package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.devres4j.driver.Device;
import org.devres4j.drm.DrmMinorType;
import org.devres4j.hw.MmioAccess;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * Userspace of a world: processes with their open files and mappings (by the names a script gave
 * them), their reactions to removal uevents (at once, a few scheduler ticks late, never), and the
 * ioctl in flight that races a surprise removal. Every call's result is kept for the next
 * {@code expect}. In the event log a process is an owner ({@link OwnerKind#PROCESS}) whose resources
 * are its files and mappings, numbered in the order it opened them.
 *
 * <p><b>Lifetime:</b> one per world; {@link #exitAll()} at world shutdown. <b>Order:</b> processes by
 * name; uevents delivered in process order. <b>Concurrency:</b> single-threaded, like the world.
 */
final class Userspace {

    private final World world;
    private final EventLog log;
    private final Map<String, SimProcess> processes = new TreeMap<>();
    private CallResult last = CallResult.OK;
    private final Race race;
    private final Workloads workloads;

    Userspace(World world) {
        this.world = world;
        this.log = world.log;
        this.race = new Race(world);
        this.workloads = new Workloads(world);
    }

    Race race() {
        return race;
    }

    Workloads workloads() {
        return workloads;
    }

    /** @return the result of the most recent call */
    CallResult last() {
        return last;
    }

    /** Sets the step's result: a step starts as {@code ok}; its own call (a sysfs write too) sets what it returned. */
    void result(CallResult r) {
        last = r;
    }

    /** @return the processes, by name */
    Map<String, SimProcess> processes() {
        return processes;
    }

    private static Owner owner(String process) {
        return new Owner(OwnerKind.PROCESS, process);
    }

    void spawn(String name, String reaction) {
        if (processes.containsKey(name)) {
            throw new ScenarioStepException("process '" + name + "' already exists");
        }
        processes.put(name, new SimProcess(name, SimProcess.Reaction.of(reaction)));
        log.emit("SPAWN", owner(name), 0, Effect.BEGIN, "", "closes on removal: " + reaction);
    }

    private SimProcess process(String name) {
        SimProcess p = processes.get(name);
        if (p == null) {
            throw new ScenarioStepException("no process '" + name + "' (start it with: process " + name + ")");
        }
        return p;
    }

    void open(String pname, String device, String fname, DrmMinorType node) {
        SimProcess p = process(pname);
        if (p.files.containsKey(fname)) {
            throw new ScenarioStepException("process '" + pname + "' already has a file '" + fname + "'");
        }
        if (world.devices.firstSeen(device) == null) {
            throw new ScenarioStepException("no device '" + device + "' was ever plugged or created: open needs a "
                    + "device the script plugged (an unplugged one gives ENODEV)");
        }
        Device dev = world.devices.get(device);
        SimDriver driver = dev == null ? null : world.driverOf(dev);
        if (driver == null) {
            last = CallResult.errno(Errno.ENODEV.name());
            log.emit("OPEN", owner(pname), 0, Effect.NONE, device + " as " + fname, "-> ENODEV: no driver bound");
            return;
        }
        last = call("open", () -> {
            Optional<UserFile> f = driver.open(dev, node);
            if (f.isEmpty()) {
                return CallResult.errno(Errno.ENODEV.name());
            }
            p.files.put(fname, new SimProcess.Held<>(f.get(), p.nextNumber()));
            return CallResult.OK;
        });
        SimProcess.Held<UserFile> held = p.files.get(fname);
        String on = node == DrmMinorType.PRIMARY ? device : device + " (render node)";
        log.emit("OPEN", owner(pname), held == null ? 0 : held.number(), held == null ? Effect.NONE : Effect.BEGIN,
                fname, on + " -> " + last);
    }

    private SimProcess.Held<UserFile> file(SimProcess p, String fname) {
        SimProcess.Held<UserFile> f = p.files.get(fname);
        if (f == null) {
            throw new ScenarioStepException("process '" + p.name + "' has no open file '" + fname + "'");
        }
        return f;
    }

    /**
     * An ioctl; with {@code racing}, a removal of that device ({@code by}: unplug, unbind or remove) races it
     * in flight ({@link Race}).
     */
    void ioctl(String pname, String fname, String ioctl, String racing, String by) {
        SimProcess p = process(pname);
        UserFile f = file(p, fname).value();
        String norm = ioctl.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!f.ioctls().contains(norm)) {
            throw new ScenarioStepException("the driver of '" + fname + "' has no ioctl '" + ioctl + "': it has "
                    + f.ioctls());
        }
        java.util.function.Supplier<CallResult> inFlight = () -> {
            CallResult r = call("ioctl " + norm, () -> f.ioctl(norm));
            log.emit("IOCTL", owner(pname), 0, Effect.NONE, fname + " " + norm, "-> " + r);
            return r;
        };
        if (racing == null) {
            last = inFlight.get();
            return;
        }
        Race.Removal removal = world.removal(by, racing, "ioctl racing=" + racing + (by.equals("unplug") ? "" : " by=" + by));
        last = race.run(pname + "'s ioctl " + norm, "ioctl", removal, inFlight, true);
    }

    /** The race's part of the world's MMIO observer. */
    void onAccess(MmioAccess a) {
        race.onAccess(a);
    }

    /**
     * A step removes a device: if a workload has a file on it, the workload's next call is in flight and races
     * the removal; else the removal just runs.
     */
    void removeRacingWorkloads(Race.Removal removal) {
        Workloads.Running w = race.active() ? null : workloads.on(removal.device());
        if (w == null) {
            removal.op().run();
            return;
        }
        race.run(w.process() + "'s workload on " + w.file(), "call", removal, () -> workloads.call(w), false);
    }

    void mmap(String pname, String fname, String mname) {
        SimProcess p = process(pname);
        UserFile f = file(p, fname).value();
        if (p.maps.containsKey(mname)) {
            throw new ScenarioStepException("process '" + pname + "' already has a mapping '" + mname + "'");
        }
        last = call("mmap", () -> {
            UserMap m = f.mmap();
            p.maps.put(mname, new SimProcess.Held<>(m, p.nextNumber()));
            p.mapFile.put(mname, fname);
            return CallResult.OK;
        });
        SimProcess.Held<UserMap> held = p.maps.get(mname);
        log.emit("MMAP", owner(pname), held == null ? 0 : held.number(), held == null ? Effect.NONE : Effect.BEGIN,
                mname, fname + " -> " + last);
    }

    void touch(String pname, String mname, boolean write) {
        SimProcess p = process(pname);
        SimProcess.Held<UserMap> m = p.maps.get(mname);
        if (m == null) {
            throw new ScenarioStepException("process '" + pname + "' has no mapping '" + mname + "'");
        }
        last = call("touch", () -> m.value().touch(write));
        log.emit("TOUCH", owner(pname), m.number(), Effect.NONE, mname + (write ? " write" : " read"), "-> " + last);
    }

    void close(String pname, String fname) {
        SimProcess p = process(pname);
        last = closeFile(p, fname, file(p, fname));
    }

    /** Closes a file (its mappings first); @return what the close returned, for the caller to keep or not */
    private CallResult closeFile(SimProcess p, String fname, SimProcess.Held<UserFile> f) {
        for (String m : new ArrayList<>(p.mapFile.keySet())) {
            if (p.mapFile.get(m).equals(fname)) {
                SimProcess.Held<UserMap> map = p.maps.remove(m);
                p.mapFile.remove(m);
                call("munmap", () -> {
                    map.value().unmap();
                    return CallResult.OK;
                });
                log.emit("MUNMAP", owner(p.name), map.number(), Effect.END, m, "");
            }
        }
        p.files.remove(fname);
        workloads.closed(p.name, fname);
        CallResult r = call("close", () -> {
            f.value().close();
            return CallResult.OK;
        });
        log.emit("CLOSE", owner(p.name), f.number(), Effect.END, fname, f.value().card() + " -> " + r);
        return r;
    }

    /**
     * A process reads a debugfs file: {@code dri/<minor>/name}, as a health check does after a rebind or a
     * rescan; ENOENT when no registered DRM device has that minor.
     */
    void read(String pname, String file) {
        process(pname);
        if (!DEBUGFS_NAME.matcher(file).matches()) {
            throw new ScenarioStepException("read " + file + ": the simulator's readable files are the DRM debugfs name "
                    + "files dri/<minor>/name (e.g. dri/0/name)");
        }
        String path = "/sys/kernel/debug/" + file;
        last = call("read " + file, () -> {
            String card = world.ns.owner(path).orElseThrow(() -> new ErrnoException(Errno.ENOENT, path + " does not exist"));
            return CallResult.value(world.card(card).nameEntry().read().strip());
        });
        log.emit("READ", owner(pname), 0, Effect.NONE, file, "-> " + last);
    }

    private static final java.util.regex.Pattern DEBUGFS_NAME = java.util.regex.Pattern.compile("dri/[0-9]{1,7}/name");

    /** Starts a workload on an open file ({@link Workloads}). */
    void workload(String pname, String fname) {
        SimProcess p = process(pname);
        workloads.start(p, fname, file(p, fname).value());
    }

    void exit(String pname) {
        SimProcess p = process(pname);
        for (String fname : new ArrayList<>(p.files.keySet())) {
            closeFile(p, fname, p.files.get(fname));
        }
        processes.remove(pname);
        log.emit("EXIT", owner(pname), 0, Effect.END, "", "");
    }

    /** Every process exits (world shutdown). */
    void exitAll() {
        for (String p : new ArrayList<>(processes.keySet())) {
            exit(p);
        }
    }

    /** Tells every process that holds a file on the device; each reacts its own way. */
    void uevent(String device, String action) {
        if (race.holdUevent(device, action)) {
            return;
        }
        for (SimProcess p : processes.values()) {
            if (!p.holdsFileOn(device)) {
                continue;
            }
            switch (p.reaction) {
                case NOW -> {
                    log.emit("UEVENT", owner(p.name), 0, Effect.NONE, action + " " + device, "closes now");
                    closeFilesOn(p, device);
                }
                case LATE -> {
                    p.pendingRemovals.add(device);
                    if (p.countdown <= 0) {
                        // counted down at the end of this step too: it acts 1 to 3 steps after this one
                        p.countdown = world.scheduler.between(1, 3) + 1;
                    }
                    log.emit("UEVENT", owner(p.name), 0, Effect.NONE, action + " " + device,
                            "will close after " + (p.countdown - 1) + " more step(s)");
                }
                case NEVER -> log.emit("UEVENT", owner(p.name), 0, Effect.NONE, action + " " + device, "ignores it");
            }
        }
    }

    private void closeFilesOn(SimProcess p, String device) {
        for (Map.Entry<String, SimProcess.Held<UserFile>> e : new ArrayList<>(p.files.entrySet())) {
            if (e.getValue().value().device().equals(device)) {
                closeFile(p, e.getKey(), e.getValue());
            }
        }
    }

    /** One scheduler tick: late closers whose time has come act, in an order the seed picks; then every workload calls. */
    void tick() {
        List<SimProcess> due = new ArrayList<>();
        for (SimProcess p : processes.values()) {
            if (!p.pendingRemovals.isEmpty() && --p.countdown <= 0) {
                due.add(p);
            }
        }
        while (!due.isEmpty()) {
            SimProcess p = world.scheduler.pick(due);
            due.remove(p);
            log.emit("SCHED", owner(p.name), 0, Effect.NONE, "late closer runs", "");
            for (String device : new ArrayList<>(p.pendingRemovals)) {
                closeFilesOn(p, device);
            }
            p.pendingRemovals.clear();
        }
        workloads.tick();
    }

    /**
     * Runs a userspace call.
     *
     * @return what it returned: its value, the errno it failed with, or {@link CallResult#FAULT} for any other
     *         failure (which the sanitizer examines)
     */
    CallResult call(String what, java.util.function.Supplier<CallResult> op) {
        try {
            return op.get();
        } catch (ErrnoException e) {
            return CallResult.errno(e.errno().name());
        } catch (RuntimeException e) {
            world.sanitizer.fault("FAULT", "in " + what, e);
            return CallResult.FAULT;
        }
    }
}
