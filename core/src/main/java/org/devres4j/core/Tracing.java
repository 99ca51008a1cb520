package org.devres4j.core;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process-wide trace: off by default; when on, every lifetime event is one line through
 * {@link System.Logger} (logger {@code org.devres4j}, level DEBUG), one JDK Flight Recorder event
 * (category {@code devres4j}, visible in JDK Mission Control), and a call to each registered
 * {@link TraceListener}.
 *
 * <p><b>Lifetime:</b> process-wide; turn on with {@code -Ddevres4j.trace=true} or {@link #enable()}.
 * <b>Order:</b> events of one list arrive in the order they happen. <b>Concurrency:</b> safe from any
 * thread; listeners are called on the emitting thread, never under a list's lock.
 */
public final class Tracing {

    private static final System.Logger LOG = System.getLogger("org.devres4j");
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
     * Emits an event, if tracing is on. Front-ends use this for their own verbs (BIND, UNBIND ...).
     *
     * @param event the event
     */
    public static void emit(TraceEvent event) {
        if (!enabled) {
            return;
        }
        publish(event);
    }

    /**
     * Emits an event to a list's own listener (always) and to the global trace (when on).
     *
     * @param local a per-owner listener, or null
     * @param event the event
     */
    static void emit(TraceListener local, TraceEvent event) {
        if (local != null) {
            local.onEvent(event);
        }
        if (enabled) {
            publish(event);
        }
    }

    /** @return whether anyone would see an event emitted with this local listener */
    static boolean wanted(TraceListener local) {
        return local != null || enabled;
    }

    private static void publish(TraceEvent event) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, event.toString());
        }
        JfrLifetimeEvent.commit(event);
        for (TraceListener l : LISTENERS) {
            l.onEvent(event);
        }
    }
}
