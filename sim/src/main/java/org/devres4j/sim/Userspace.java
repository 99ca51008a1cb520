package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.devres4j.driver.Device;
import org.devres4j.hw.AccessContext;
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
    /** A device whose unplug races the ioctl in flight ({@link #raceUnplug}), until the unplug lands. */
    private String racingUnplug;
    /** Whether that unplug is waiting for an enter/exit section of the ioctl to end. */
    private boolean unplugWaited;
    /** Whether a racing ioctl is in flight: uevents wait in {@link #heldUevents} until it returns. */
    private boolean ioctlInFlight;
    private final List<String[]> heldUevents = new ArrayList<>();

    Userspace(World world) {
        this.world = world;
        this.log = world.log;
    }

    /** @return the result of the most recent call */
    CallResult last() {
        return last;
    }

    /** Records the result of a call made outside userspace proper (a sysfs bind). */
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
        last = CallResult.OK;
    }

    private SimProcess process(String name) {
        SimProcess p = processes.get(name);
        if (p == null) {
            throw new ScenarioStepException("no process '" + name + "' (start it with: process " + name + ")");
        }
        return p;
    }

    void open(String pname, String device, String fname) {
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
        call("open", () -> {
            Optional<UserFile> f = driver.open(dev);
            if (f.isEmpty()) {
                last = CallResult.errno(Errno.ENODEV.name());
            } else {
                p.files.put(fname, new SimProcess.Held<>(f.get(), p.nextNumber()));
                last = CallResult.OK;
            }
        });
        SimProcess.Held<UserFile> held = p.files.get(fname);
        log.emit("OPEN", owner(pname), held == null ? 0 : held.number(), held == null ? Effect.NONE : Effect.BEGIN,
                fname, device + " -> " + last);
    }

    private SimProcess.Held<UserFile> file(SimProcess p, String fname) {
        SimProcess.Held<UserFile> f = p.files.get(fname);
        if (f == null) {
            throw new ScenarioStepException("process '" + p.name + "' has no open file '" + fname + "'");
        }
        return f;
    }

    void ioctl(String pname, String fname, String ioctl, String racing) {
        SimProcess p = process(pname);
        UserFile f = file(p, fname).value();
        String norm = ioctl.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!f.ioctls().contains(norm)) {
            throw new ScenarioStepException("the driver of '" + fname + "' has no ioctl '" + ioctl + "': it has "
                    + f.ioctls());
        }
        if (racing == null) {
            call("ioctl " + norm, () -> last = f.ioctl(norm));
            log.emit("IOCTL", owner(pname), 0, Effect.NONE, fname + " " + norm, "-> " + last);
            return;
        }
        if (!world.devices.isPlugged(racing)) {
            throw new ScenarioStepException("ioctl racing=" + racing + ": device '" + racing + "' is not plugged");
        }
        ioctlInFlight = true;   // the caller is inside its ioctl: it hears of the removal when the call returns
        try {
            raceUnplug(racing, pname + "'s ioctl " + norm);
            call("ioctl " + norm, () -> last = f.ioctl(norm));
            log.emit("IOCTL", owner(pname), 0, Effect.NONE, fname + " " + norm, "-> " + last);
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
            log.world("RACE", "the unplug of " + dev + (unplugWaited ? " waited for the enter/exit section; it runs now"
                    : " lands after the ioctl (it touched no register of " + dev + ")"), "");
            unplugWaited = false;
            world.unplug(dev);
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
        boolean first = world.scheduler.chance(50);
        log.world("RACE", ioctl + " with the unplug of " + device + ": the scheduler lands the unplug "
                + (first ? "before the ioctl begins" : "at the ioctl's first register access"), "");
        if (first) {
            world.unplug(device);
        } else {
            racingUnplug = device;
        }
    }

    /** The race's part of the world's MMIO observer: a racing unplug lands at the ioctl's first register access. */
    void onAccess(MmioAccess a) {
        if (racingUnplug == null || !racingUnplug.equals(a.device()) || unplugWaited) {
            return;
        }
        String op = (a.write() ? "write32" : "read32") + " +0x" + Long.toHexString(a.offset());
        if (a.context() == AccessContext.GUARDED) {
            unplugWaited = true;
            log.world("RACE", "the unplug of " + a.device() + " waits: the " + op + " is inside an enter/exit section", "");
        } else {
            String dev = racingUnplug;
            racingUnplug = null;
            log.world("RACE", "the unplug of " + dev + " lands now, between the ioctl's begin and its " + op
                    + " (" + a.context() + ")", "");
            world.unplug(dev);
        }
    }

    void mmap(String pname, String fname, String mname) {
        SimProcess p = process(pname);
        UserFile f = file(p, fname).value();
        if (p.maps.containsKey(mname)) {
            throw new ScenarioStepException("process '" + pname + "' already has a mapping '" + mname + "'");
        }
        call("mmap", () -> {
            UserMap m = f.mmap();
            p.maps.put(mname, new SimProcess.Held<>(m, p.nextNumber()));
            p.mapFile.put(mname, fname);
            last = CallResult.OK;
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
        call("touch", () -> last = m.value().touch(write));
        log.emit("TOUCH", owner(pname), m.number(), Effect.NONE, mname + (write ? " write" : " read"), "-> " + last);
    }

    void close(String pname, String fname) {
        SimProcess p = process(pname);
        closeFile(p, fname, file(p, fname));
    }

    private void closeFile(SimProcess p, String fname, SimProcess.Held<UserFile> f) {
        for (String m : new ArrayList<>(p.mapFile.keySet())) {
            if (p.mapFile.get(m).equals(fname)) {
                SimProcess.Held<UserMap> map = p.maps.remove(m);
                p.mapFile.remove(m);
                call("munmap", map.value()::unmap);
                log.emit("MUNMAP", owner(p.name), map.number(), Effect.END, m, "");
            }
        }
        p.files.remove(fname);
        call("close", f.value()::close);
        log.emit("CLOSE", owner(p.name), f.number(), Effect.END, fname, f.value().card() + " -> " + last);
    }

    void exit(String pname) {
        SimProcess p = process(pname);
        for (String fname : new ArrayList<>(p.files.keySet())) {
            closeFile(p, fname, p.files.get(fname));
        }
        processes.remove(pname);
        log.emit("EXIT", owner(pname), 0, Effect.END, "", "");
        last = CallResult.OK;
    }

    /** Every process exits (world shutdown). */
    void exitAll() {
        for (String p : new ArrayList<>(processes.keySet())) {
            exit(p);
        }
    }

    /** Tells every process that holds a file on the device; each reacts its own way. */
    void uevent(String device, String action) {
        if (ioctlInFlight) {
            heldUevents.add(new String[] {device, action});
            log.world("UEVENT", action + " " + device, "held back: userspace is inside a racing ioctl");
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

    /** One scheduler tick: late closers whose time has come act, in an order the seed picks. */
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
    }

    /** Runs a userspace call; an errno is the call's result, anything else a fault the sanitizer examines. */
    private void call(String what, Runnable op) {
        try {
            op.run();
        } catch (ErrnoException e) {
            last = CallResult.errno(e.errno().name());
        } catch (RuntimeException e) {
            world.sanitizer.fault("FAULT", "in " + what, e);
            last = CallResult.FAULT;
        }
    }
}
