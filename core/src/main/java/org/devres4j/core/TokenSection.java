package org.devres4j.core;

/**
 * An entered section of a gate, closed once. One object per section, so that a second close is
 * caught instead of taking another reader's count off the stripe; escape analysis removes it when
 * the section stays local.
 *
 * <p><b>Lifetime:</b> from a successful enter to its first {@link #close()}. <b>Concurrency:</b> used
 * by one thread, as a try-with-resources variable; the closed flag is plain.
 */
final class TokenSection implements Gate.Section {
    private final Gate gate;
    private final int token;
    private boolean closed;

    TokenSection(Gate gate, int token) {
        this.gate = gate;
        this.token = token;
    }

    @Override
    public boolean entered() {
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            throw closedTwice(gate);
        }
        closed = true;
        gate.exit(token);
    }

    /* the refusal of a second close, shared by the sections of every gate */
    static IllegalStateException closedTwice(Gate gate) {
        return new IllegalStateException("close of a section of gate '" + gate.name()
                + "' refused: it was already closed — a section is exited once");
    }
}
