package org.devres4j.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process-wide trace. Every lifetime event is recorded as a JDK Flight Recorder event (category
 * {@code devres4j}, visible in JDK Mission Control) whenever a recording enables it — no flag needed;
 * start one with {@code -XX:StartFlightRecording} or {@code jdk.jfr.Recording}. With the trace switched
 * on ({@code -Ddevres4j.trace=true} or {@link #enable()}) each event is also one line through
 * {@link System.Logger} (logger {@code org.devres4j}, level DEBUG) and a call to each registered
 * {@link TraceListener}. A list's own listener, given at its creation, hears its events either way.
 *
 * <p><b>Lifetime:</b> process-wide; off by default. <b>Order:</b> events of one list arrive in the order
 * they happen. <b>Concurrency:</b> safe from any thread; listeners are called on the emitting thread,
 * never under a list's lock. A listener that throws never stops the other listeners, nor a resource
 * list's operation (the list logs the failure at WARNING and attaches it to its release failure); a
 * front-end's own event ({@link #emit(TraceEvent)}) hands the failure back to the front-end.
 */
public final class Tracing {

    private static final System.Logger LOG = Callbacks.LOG;
    private static final List<TraceListener> LISTENERS = new CopyOnWriteArrayList<>();
    private static volatile boolean enabled = Boolean.getBoolean("devres4j.trace");

    private Tracing() {
    }

    /** Turns tracing on. */
    public static void enable() {
        enabled = true;
    }

    /** Turns tracing off. */
    public static void disable() {
        enabled = false;
    }

    /** @return whether tracing is on */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * Registers a listener for every event while tracing is on.
     *
     * @param listener the listener
     * @return closing it unregisters the listener
     */
    public static AutoCloseable addListener(TraceListener listener) {
        Objects.requireNonNull(listener, "Tracing.addListener: the listener must not be null");
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    /**
     * Emits an event: to JFR when a recording enables it, and to the log and the global listeners when
     * tracing is on. Front-ends use this for their own verbs (BIND, UNBIND ...). Every listener hears the
     * event, whatever the others do; if any of them threw (or the logging backend did), the first failure
     * is thrown once all have been called, the others suppressed on it — so that the front-end, which
     * knows what emitted the event, isolates and reports it (a resource list's own events never throw:
     * the list reports their failures itself).
     *
     * @param event the event
     * @throws RuntimeException or {@link Error}: the first failure of a listener, after every listener ran
     */
    public static void emit(TraceEvent event) {
        Throwable first = null;
        if (enabled) {
            try {
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, event.toString());
                }
            } catch (Throwable t) {
                first = t;
            }
            for (TraceListener l : LISTENERS) {
                try {
                    l.onEvent(event);
                } catch (Throwable t) {
                    if (first == null) {
                        first = t;
                    } else if (t != first) {
                        first.addSuppressed(t);
                    }
                }
            }
        }
        JfrEvents.lifetime(event);
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) { // a checked exception thrown sneakily
            throw new IllegalStateException("a global trace listener failed on " + event.verb() + " of '" + event.name() + "'", first);
        }
    }

    /**
     * Emits an event to a list's own listener (always), to the global trace (when on) and to JFR (when
     * a recording enables it). Listener failures go to {@code into} (or are logged).
     */
    static void emit(TraceListener local, TraceEvent event, Callbacks.Failures into) {
        if (local != null) {
            try {
                local.onEvent(event);
            } catch (Throwable t) {
                Callbacks.failed("the trace listener of '" + event.owner() + "' on " + event.verb() + " of '" + event.name()
                        + "'", t, into);
            }
        }
        if (enabled) {
            publish(event, into);
        }
        JfrEvents.lifetime(event);
    }

    /** @return whether anyone would see an event emitted with this local listener (a JFR recording included) */
    static boolean wanted(TraceListener local) {
        return local != null || enabled || JfrEvents.lifetimeOn();
    }

    private static void publish(TraceEvent event, Callbacks.Failures into) {
        try {
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, event.toString());
            }
        } catch (Throwable t) {
            Callbacks.failed("the System.Logger backend", t, into);
        }
        for (TraceListener l : LISTENERS) {
            try {
                l.onEvent(event);
            } catch (Throwable t) {
                Callbacks.failed("a global trace listener on " + event.verb() + " of '" + event.name() + "' of '"
                        + event.owner() + "'", t, into);
            }
        }
    }
}
