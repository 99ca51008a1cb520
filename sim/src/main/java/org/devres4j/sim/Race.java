package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.devres4j.hw.AccessContext;
import org.devres4j.hw.MmioAccess;

/**
 * A removal of a device — a surprise unplug, a sysfs unbind or a sysfs remove — racing a userspace call in
 * flight (an {@code ioctl ... racing=DEVICE}, or the call a workload has in flight when a step removes its
 * device). The scheduler picks where the removal lands: before the call begins, or at the call's first
 * register access of the device. An access outside enter/exit then goes ahead into what the removal just took
 * away (an unmapped range); an access inside an enter/exit section holds the removal off until the section
 * ends (the removal's {@code drm_dev_unplug} waits for it), and a call that begins after the removal finds the
 * device unplugged (ENODEV at entry). A call that touches no register of the device lets the removal land when
 * it returns. Userspace hears of the removal (its uevents) only when the call returns.
 *
 * <p><b>Lifetime:</b> one per world; at most one race at a time. <b>Order:</b> the scheduler's draw comes
 * first, then the call; held uevents are delivered before a removal that lands after the call.
 * <b>Concurrency:</b> single-threaded, like the world; {@link #onAccess} may be called from a driver's worker
 * while the step waits for it, and then only marks the removal as waiting.
 */
final class Race {

    /**
     * A removal of a device, its preconditions already checked.
     *
     * @param kind   {@code unplug}, {@code unbind} or {@code remove}
     * @param device the device it removes
     * @param op     the removal
     */
    record Removal(String kind, String device, Runnable op) {
        /** @return e.g. {@code unbind of vgpu0} */
        String what() {
            return kind + " of " + device;
        }
    }

    private final World world;
    private Removal pending;
    /** What the call in flight is called in the log ({@code ioctl}, {@code call}). */
    private String noun = "call";
    /** Whether the pending removal is waiting for an enter/exit section of the call to end. */
    private boolean waited;
    /** Whether a call is in flight: uevents wait in {@link #held} until it returns. */
    private boolean inFlight;
    private final List<String[]> held = new ArrayList<>();

    Race(World world) {
        this.world = world;
    }

    /** @return whether a race is going on (a call in flight) */
    boolean active() {
        return inFlight;
    }

    /**
     * Runs a call in flight racing a removal.
     *
     * @param caller     who makes which call, e.g. {@code p1's ioctl read-reg}
     * @param noun       what the call is, for the log: {@code ioctl}, or {@code call}
     * @param removal    the removal that races it
     * @param call       the call; its result is returned
     * @param callIsStep whether the call is the step's own (then its result stays the step's, wherever the
     *                   removal lands); else the removal's result is the step's
     * @return the call's result
     */
    CallResult run(String caller, String noun, Removal removal, Supplier<CallResult> call, boolean callIsStep) {
        boolean first = world.scheduler.chance(50);
        this.noun = noun;
        world.log.world("RACE", caller + " with the " + removal.what() + ": the scheduler lands the " + removal.kind() + " "
                + (first ? "before the " + noun + " begins" : "at the " + noun + "'s first register access"), "");
        CallResult result;
        inFlight = true;   // the caller is inside its call: it hears of the removal when the call returns
        try {
            if (first) {
                removal.op().run();
            } else {
                pending = removal;
            }
            result = call.get();
        } finally {
            inFlight = false;
        }
        List<String[]> heldBack = new ArrayList<>(held);
        held.clear();
        for (String[] u : heldBack) {
            world.userspace().uevent(u[0], u[1]);
        }
        if (pending != null) {
            Removal p = pending;
            pending = null;
            world.log.world("RACE", "the " + p.what() + (waited ? " waited for the enter/exit section; it runs now"
                    : " lands after the " + noun + " (it touched no register of " + p.device() + ")"), "");
            waited = false;
            CallResult stepResult = world.userspace().last();
            p.op().run();
            if (callIsStep) {
                world.userspace().result(stepResult);
            }
        }
        return result;
    }

    /** @return whether a uevent must wait for the call in flight (then it is kept for later) */
    boolean holdUevent(String device, String action) {
        if (!inFlight) {
            return false;
        }
        held.add(new String[] {device, action});
        world.log.world("UEVENT", action + " " + device, "held back: userspace is inside a racing " + noun);
        return true;
    }

    /** The race's part of the world's MMIO observer: a pending removal lands at the call's first register access. */
    void onAccess(MmioAccess a) {
        if (pending == null || !pending.device().equals(a.device()) || waited) {
            return;
        }
        String access = (a.write() ? "write32" : "read32") + " +0x" + Long.toHexString(a.offset());
        if (a.context() == AccessContext.GUARDED) {
            waited = true;
            world.log.world("RACE", "the " + pending.what() + " waits: the " + access + " is inside an enter/exit section", "");
        } else {
            Removal p = pending;
            pending = null;
            world.log.world("RACE", "the " + p.what() + " lands now, between the " + noun + "'s begin and its " + access
                    + " (" + a.context() + ")", "");
            p.op().run();
        }
    }
}
