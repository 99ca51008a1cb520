package org.devres4j.core;

/**
 * Receives lifetime events.
 *
 * <p><b>Lifetime:</b> registered with {@link Tracing#addListener} or given to a list at creation.
 * <b>Order:</b> one list's events arrive in the order they happen: no REL or DEL of a resource before
 * its ADD. <b>Concurrency:</b> called on the thread that caused the event, never under a list's lock;
 * one list delivers its events one at a time (under its own trace lock, taken only when someone
 * listens), so a listener may call back into that list on its own thread but must not wait for another
 * thread that uses the same list. Implementations must be thread-safe. A listener that throws is
 * reported (logged at WARNING on logger {@code org.devres4j}, and attached as suppressed to the
 * {@link ReleaseFailedException} of the release it listened to, if there is one); the operation goes on
 * — every action still runs, in order — and so does the delivery to other listeners.
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
