package org.devres4j.drm;

import java.time.Duration;
import org.devres4j.core.Gate;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * The hot-unplug guard of one {@link DrmDevice}: {@code drm_dev_enter}/{@code drm_dev_exit} and the wait of
 * {@code drm_dev_unplug}, on a tracked core {@link Gate} (the gate counts each thread's sections, so an
 * unplug from inside the caller's own section is refused instead of waiting for itself — no thread-local
 * here).
 *
 * <p><b>Lifetime:</b> open from allocation; marked unplugged once, then every enter fails for good.
 * <b>Order:</b> the mark happens before the wait; when the wait returns true no section is inside.
 * <b>Concurrency:</b> the read side is the gate's (the thread's own count cell: one fence at enter, a release
 * store at exit, no lock); a section belongs to the thread that entered it. The wait is the gate's: bounded, interrupt-safe, no spin added here.
 */
final class UnplugGuard {
    private final String deviceName;
    private final String sectionName;
    private final Object lock;
    private final Gate gate;
    private volatile boolean unplugged;

    UnplugGuard(String deviceName, Object lock) {
        this.deviceName = deviceName;
        this.sectionName = "enter/exit section of " + deviceName;
        this.lock = lock;
        this.gate = Gate.createTracked(deviceName);
    }

    String sectionName() {
        return sectionName;
    }

    Gate gate() {
        return gate;
    }

    boolean isUnplugged() {
        return unplugged;
    }

    /*
     * drm_dev_unplug: refuse from inside the caller's own section (nothing changes); mark; wait for every
     * section; withdraw the names; zap the mappings. The names and mappings go even if the wait timed out.
     */
    void unplug(DrmDevice drm, Duration maxWait) {
        refuseSelfWait();
        boolean first = mark();
        if (first) {
            drm.emit(DrmEvents.UNPLUG, deviceName, "marked");
        }
        boolean drained = await(maxWait);
        long left = drained ? 0 : inside();
        drm.unregister();
        int zapped = drm.files().zapAll();
        if (first) {
            drm.emit(DrmEvents.ZAP, deviceName, zapped + " mapping(s)");
        }
        if (!drained) {
            throw new IllegalStateException("unplug of " + deviceName + ": " + left + " enter/exit section(s) still inside after "
                    + maxWait + " — an enter() without its exit(); every successful enter must be closed (use try-with-resources). "
                    + "The device is unplugged and unregistered, but the hardware is not safe to tear down");
        }
    }

    /* refuses an unplug from inside one of the caller's own sections, before anything changes */
    private void refuseSelfWait() {
        int mine = gate.heldByCurrentThread();
        if (mine > 0) {
            throw new IllegalStateException("unplug of " + deviceName + " refused: the calling thread is inside " + mine
                    + " of its enter/exit section(s) and would wait for itself; exit first (nothing was changed)");
        }
    }

    /* @return whether this call marked it (the first unplug) */
    private boolean mark() {
        synchronized (lock) {
            boolean first = !unplugged;
            unplugged = true;
            return first;
        }
    }

    /* waits at most maxWait (clamped to [0, ~292 years]) for every section; true when none is inside */
    private boolean await(Duration maxWait) {
        return gate.shut(clamp(maxWait));
    }

    static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    /** The longest wait that fits in a long of nanoseconds. */
    static final Duration MAX_WAIT = Duration.ofNanos(Long.MAX_VALUE);

    /* what a hardware path of an unplugged device answers (enterOrEnodev) */
    static ErrnoException enodev(String deviceName) {
        return new ErrnoException(Errno.ENODEV, deviceName + " is unplugged: its hardware is gone");
    }

    long inside() {
        return gate.inside();
    }

    int tryEnter() {
        return gate.tryEnter();
    }

    void exit(int token) {
        if (token == Gate.REFUSED) {
            throw new IllegalArgumentException("exit on " + deviceName + " refused: the token is REFUSED — tryEnter failed, so there is nothing to exit");
        }
        try {
            gate.exit(token); // checks the token and its owner itself, and changes nothing when it refuses
        } catch (IllegalStateException | IllegalArgumentException refused) {
            // off the hot path: only a refused exit asks whether this thread holds any section, to name the device
            if (gate.heldByCurrentThread() == 0) {
                throw new IllegalStateException("exit on " + deviceName
                        + " refused: this thread holds no enter/exit section of it (an exit without its enter)");
            }
            throw refused;
        }
    }
}
