package org.devres4j.hw.model;

import org.devres4j.hw.IrqHandler;
import org.devres4j.hw.IrqLine;

/**
 * A requested interrupt line of {@link MemoryHardware}: the handler and the device resources it was
 * requested for (so a delivery after that device went is a stale interrupt).
 *
 * <p><b>Lifetime:</b> requested until freed, once. <b>Order:</b> deliveries one at a time. <b>Concurrency:</b>
 * the handler runs under this line's monitor, so {@link #free()} waits for a delivery in progress.
 */
final class RequestedIrq implements IrqLine {
    private final int number;
    private final String name;
    private final String device;
    private final Object owner;
    private final IrqHandler handler;
    private final Runnable onFree;
    private boolean requested = true;

    RequestedIrq(int number, String name, String device, Object owner, IrqHandler handler, Runnable onFree) {
        this.number = number;
        this.name = name;
        this.device = device;
        this.owner = owner;
        this.handler = handler;
        this.onFree = onFree;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String name() {
        return name;
    }

    String device() {
        return device;
    }

    Object owner() {
        return owner;
    }

    @Override
    public synchronized boolean isRequested() {
        return requested;
    }

    synchronized boolean deliver() {
        if (!requested) {
            return false;
        }
        handler.handle(number);
        return true;
    }

    @Override
    public void free() {
        synchronized (this) {
            if (!requested) {
                throw new IllegalStateException("free of irq " + number + " ('" + name + "') refused: it was already freed");
            }
            requested = false;
        }
        onFree.run();
    }

    @Override
    public String toString() {
        return "irq " + number + " '" + name + "'" + (isRequested() ? "" : " (freed)");
    }
}
