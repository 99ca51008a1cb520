package org.devres4j.hw;

/**
 * An interrupt handler.
 *
 * <p><b>Lifetime:</b> called only while its line is requested; never after the free returned.
 * <b>Order:</b> interrupts of one line are delivered one at a time. <b>Concurrency:</b> called on the
 * thread that raises the interrupt (the simulator's), concurrently with process context; a handler
 * that touches driver software state must synchronise like any other thread.
 */
@FunctionalInterface
public interface IrqHandler {

    /**
     * Handles one interrupt.
     *
     * @param irq the line number
     */
    void handle(int irq);
}
