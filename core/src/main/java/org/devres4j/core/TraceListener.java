package org.devres4j.core;

/**
 * Receives lifetime events.
 *
 * <p><b>Lifetime:</b> registered with {@link Tracing#addListener} or given to a list at creation.
 * <b>Order:</b> one list's events arrive in the order they happen. <b>Concurrency:</b> called on the
 * thread that caused the event, never under a list's lock; implementations must be thread-safe.
 */
@FunctionalInterface
public interface TraceListener {

    /**
     * Called once per event.
     *
     * @param event the event
     */
    void onEvent(TraceEvent event);
}
