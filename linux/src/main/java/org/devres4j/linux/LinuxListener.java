package org.devres4j.linux;

/**
 * Receives a {@link SysfsBus}'s events.
 *
 * <p><b>Lifetime:</b> from {@link SysfsBus#addListener} until the handle it returned is closed.
 * <b>Order:</b> events arrive in the order they happen. <b>Concurrency:</b> called on the thread that
 * caused the event (the bus's event thread, or a thread registering a driver), never under a bus lock; an
 * implementation must be thread-safe and must not wait for the event thread. One that throws is logged and
 * skipped; it never stops an unplug.
 */
@FunctionalInterface
public interface LinuxListener {

    /**
     * Called once per event.
     *
     * @param event the event
     */
    void onEvent(LinuxEvent event);
}
