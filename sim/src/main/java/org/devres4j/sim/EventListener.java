package org.devres4j.sim;

/**
 * Hears every {@link Event} of a run as it happens — also those that do not fit in the bounded
 * window a {@link RunResult} keeps — so that a caller can stream a run of any length (the command
 * line's {@code trace} prints each line at once).
 *
 * <p><b>Lifetime:</b> called from the start of a run to its end; never after the run returns.
 * <b>Order:</b> in the order the events happened, each once. <b>Concurrency:</b> called on the thread
 * that makes the event — the run's thread, or a driver's worker thread while the run's step waits
 * for it — never by two threads at once. A listener that throws stops the run: it is the caller's
 * own code.
 */
@FunctionalInterface
public interface EventListener {

    /** Hears nothing. */
    EventListener NONE = e -> { };

    /**
     * @param event the event that just happened
     */
    void onEvent(Event event);
}
