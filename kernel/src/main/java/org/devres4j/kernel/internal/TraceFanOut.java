package org.devres4j.kernel.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.devres4j.core.ReleaseFailure;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.TraceListener;
import org.devres4j.core.Tracing;

/**
 * The trace listeners of one kernel object (a bus, a DRM device) and the delivery of its events to them
 * and to core {@link Tracing}, such that no listener can stop what emitted the event: a listener that
 * throws is logged through {@link System.Logger}, recorded ({@link #failures()}) and skipped, and the
 * event still reaches every other listener. Kernel-internal: not exported.
 *
 * <p><b>Lifetime:</b> a listener is called from {@link #add} until its handle is closed; the failure record
 * keeps the latest {@value #KEPT} failures (memory stays bounded however long the object lives) and counts
 * all of them. <b>Order:</b> listeners are called in the order they were added, then core tracing.
 * <b>Concurrency:</b> thread-safe; listeners are called on the emitting thread, never under a lock of this
 * class; the listener list is copy-on-write.
 */
public final class TraceFanOut {
    /** How many failures are kept for {@link #failures()}. */
    public static final int KEPT = 64;

    private final String source;
    private final System.Logger log;
    private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<ReleaseFailure> kept = new ArrayDeque<>();
    private long failed;

    /**
     * @param source the object the events come from, for the log and the failure records (e.g. {@code bus 'pci'})
     * @param logger the logger failures go to
     */
    public TraceFanOut(String source, String logger) {
        this.source = Objects.requireNonNull(source, "source");
        this.log = System.getLogger(Objects.requireNonNull(logger, "logger"));
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return closing it removes the listener (a second close does nothing)
     */
    public AutoCloseable add(TraceListener listener) {
        Objects.requireNonNull(listener, "the trace listener of " + source + " must not be null");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** @return whether a listener is registered (core tracing not counted) */
    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /**
     * Delivers an event to every listener, each failure isolated, but not to core tracing (for events a
     * core list already traced).
     *
     * @param e the event
     */
    public void deliver(TraceEvent e) {
        for (TraceListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException | LinkageError | AssertionError x) {
                failed(e, "trace listener " + l.getClass().getName(), x);
            }
        }
    }

    /**
     * Delivers an event to every listener and to core tracing (when enabled), each failure isolated.
     *
     * @param e the event
     */
    public void deliverAndTrace(TraceEvent e) {
        deliver(e);
        try {
            Tracing.emit(e);
        } catch (RuntimeException | LinkageError | AssertionError x) {
            failed(e, "a global Tracing listener", x);
        }
    }

    private void failed(TraceEvent e, String who, Throwable x) {
        ReleaseFailure f = new ReleaseFailure(source, who + " on " + e.verb() + " " + e.name(), e.order(), x);
        synchronized (kept) {
            failed++;
            if (kept.size() == KEPT) {
                kept.removeFirst();
            }
            kept.addLast(f);
        }
        try {
            log.log(System.Logger.Level.WARNING, "a trace listener of " + source + " threw on '" + e
                    + "'; the event went on to the others and what emitted it was not stopped", x);
        } catch (RuntimeException logFailure) {
            // the failure's own toString() threw inside the logger: it is recorded above all the same
        }
    }

    /** @return the latest failures of listeners (at most {@value #KEPT}), oldest first */
    public List<ReleaseFailure> failures() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** @return how many listener calls failed in all */
    public long failureCount() {
        synchronized (kept) {
            return failed;
        }
    }
}
