package org.devres4j.core;

import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one object a {@link LeakDetector} tracks, and the cleaner's action that reports it: the
 * {@link LeakDetector.Tracker} handed to the object. It must never reach the tracked object, or the
 * object could never become unreachable.
 *
 * <p><b>Lifetime:</b> open from {@link LeakDetector#track(Object, String)} until {@link #close()} (the
 * object's last put) or until the cleaner runs it (the object became unreachable first: reported once).
 * <b>Order:</b> touches are kept newest last, the last {@value LeakDetector#MAX_TOUCHES}; older ones are
 * counted. <b>Concurrency:</b> safe from any thread — the touches are guarded by their deque, the
 * closed mark is volatile, and the cleaner's run and a close agree through it.
 */
final class TrackerState implements LeakDetector.Tracker, Runnable {
    private final LeakDetector detector;
    private final String name;
    private final String allocatedAt;
    private final ArrayDeque<LeakDetector.Touch> touches; // null unless debug; guarded by itself
    private int dropped;
    private volatile boolean closed;
    Cleaner.Cleanable cleanable;

    TrackerState(LeakDetector detector, String name, String allocatedAt, boolean debug) {
        this.detector = detector;
        this.name = name;
        this.allocatedAt = allocatedAt;
        this.touches = debug ? new ArrayDeque<>() : null;
    }

    @Override
    public void touch(Object hint) {
        if (touches == null || closed) {
            return;
        }
        LeakDetector.Touch t = new LeakDetector.Touch(String.valueOf(hint), Thread.currentThread().getName(),
                LeakDetector.stackHere());
        synchronized (touches) {
            if (touches.size() == LeakDetector.MAX_TOUCHES) {
                touches.removeFirst();
                dropped++;
            }
            touches.addLast(t);
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        detector.closed(this);
        cleanable.clean(); // unregisters from the cleaner now; run() sees `closed` and reports nothing
    }

    /** The cleaner's action: the object became unreachable. */
    @Override
    public void run() {
        if (!closed) {
            closed = true;
            detector.report(this);
        }
    }

    /** @return this object as a report entry: a snapshot of its touches */
    LeakDetector.Leak toLeak() {
        List<LeakDetector.Touch> copy;
        int d;
        if (touches == null) {
            copy = List.of();
            d = 0;
        } else {
            synchronized (touches) {
                copy = new ArrayList<>(touches);
                d = dropped;
            }
        }
        return new LeakDetector.Leak(detector.resourceType(), name, allocatedAt, copy, d, touches != null);
    }

    @Override
    public String toString() {
        return "tracker of " + detector.resourceType() + " '" + name + "'" + (closed ? " (closed)" : " (open)");
    }
}
