package org.devres4j.core;

/**
 * An entered section of a tracked gate: it carries the entering thread's count cell, looked up once at
 * enter, so the exit needs no second per-thread lookup.
 *
 * <p><b>Lifetime:</b> from a successful enter to its first {@link #close()}; a second close is refused,
 * as for every gate's sections. <b>Order:</b> the close lowers the thread's count after the gate's exit
 * succeeded, so a shut on this thread is refused until the section is really out. <b>Concurrency:</b>
 * the cell belongs to the entering thread, so a close on any other thread is refused and changes
 * nothing; the closed flag is plain (only the entering thread writes it).
 */
final class TrackedSection implements Gate.Section {
    private final TrackedGate gate;
    private final int token;
    private final int[] cell;
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    TrackedSection(TrackedGate gate, int token, int[] cell) {
        this.gate = gate;
        this.token = token;
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
        gate.exitCounted(token, cell);
    }

    private IllegalStateException refused() {
        if (closed) {
            return TokenSection.closedTwice(gate);
        }
        return new IllegalStateException("close of a section of gate '" + gate.name() + "' refused: it was entered on thread '"
                + thread.getName() + "' and a section of a tracked gate is exited on the thread that entered it (nothing changed)");
    }
}
