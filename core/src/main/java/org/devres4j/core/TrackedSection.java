package org.devres4j.core;

/**
 * An entered section of a tracked gate: it carries the entering thread's count cell, looked up once at
 * enter, so the exit needs no second per-thread lookup.
 *
 * <p><b>Lifetime:</b> from a successful enter to its first {@link #close()}; a second close is refused,
 * as for every gate's sections. <b>Order:</b> the close lowers the thread's count, which is the gate's
 * reader count: once it is out, a shut on any thread may return, and a shut on this thread is no longer
 * refused. <b>Concurrency:</b> the cell belongs to the entering thread, so a close on any other thread is
 * refused and changes nothing; the closed flag is plain (only the entering thread writes it).
 */
final class TrackedSection implements Gate.Section {
    private final TrackedGate gate;
    private final TrackedGate.Cell cell;
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    TrackedSection(TrackedGate gate, TrackedGate.Cell cell) {
        this.gate = gate;
        this.cell = cell;
    }

    @Override
    public boolean entered() {
        return true;
    }

    @Override
    public void close() {
        if (closed || thread != Thread.currentThread()) {
            throw refused();
        }
        closed = true;
        gate.exitOn(cell);
    }

    private IllegalStateException refused() {
        if (closed) {
            return TokenSection.closedTwice(gate);
        }
        return new IllegalStateException("close of a section of gate '" + gate.name() + "' refused: it was entered on thread '"
                + thread.getName() + "' and a section of a tracked gate is exited on the thread that entered it (nothing changed)");
    }
}
