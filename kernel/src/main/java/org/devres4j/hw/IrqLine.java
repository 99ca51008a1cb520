package org.devres4j.hw;

/**
 * A requested interrupt line: what {@code request_irq} gives a driver.
 *
 * <p><b>Lifetime:</b> requested until freed, exactly once; after the free its handler is never
 * called again (the free waits for a handler in progress). <b>Order:</b> interrupts of one line are
 * delivered in order. <b>Concurrency:</b> {@link #free()} is safe from any thread except the
 * line's own handler.
 */
public interface IrqLine {

    /** @return the line number */
    int number();

    /** @return the name the requester gave, e.g. {@code "vgpu"} */
    String name();

    /** @return whether the line is still requested */
    boolean isRequested();

    /**
     * Frees the line: no handler call starts after this returns.
     *
     * @throws IllegalStateException if it was already freed, naming the line
     */
    void free();
}
