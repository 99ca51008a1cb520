package org.devres4j.core;

import java.time.Duration;

/*
 * Design
 *
 * Lifetime and order: those of the wrapped gate; this class only adds a per-thread count.
 *
 * Concurrency: the count lives in a thread-local cell that only its thread touches, so it needs no
 * ordering of its own. The section form looks the cell up once, at enter, and carries it to the exit
 * in its TrackedSection; the token form has only an int to carry, so its exit looks the cell up again.
 * It is raised after a successful enter and lowered once the exit succeeded, so while a thread is
 * inside the wrapped gate its own count is positive, and a shut on that thread sees it
 * and refuses before setting the flag — the gate stays open and nothing changes.
 */
final class TrackedGate implements Gate {

    private final Gate gate;
    private final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);

    TrackedGate(Gate gate) {
        this.gate = gate;
    }

    @Override
    public String name() {
        return gate.name();
    }

    @Override
    public int heldByCurrentThread() {
        return held.get()[0];
    }

    @Override
    public int tryEnter() {
        int token = gate.tryEnter();
        if (token != REFUSED) {
            held.get()[0]++;
        }
        return token;
    }

    @Override
    public void exit(int token) {
        int[] mine = held.get();
        if (mine[0] == 0) {
            throw new IllegalStateException("exit on gate '" + gate.name()
                    + "' refused: the calling thread holds none of its sections — a section of a tracked gate is exited on the thread that entered it");
        }
        gate.exit(token); // may refuse a bad token: then the count stays as it was
        mine[0]--;
    }

    /** One per-thread lookup per section: the cell found here travels in the section to its exit. */
    @Override
    public Section enter() {
        int token = gate.tryEnter();
        if (token == REFUSED) {
            return RefusedSection.INSTANCE;
        }
        int[] mine = held.get();
        mine[0]++;
        return new TrackedSection(this, token, mine);
    }

    /* the exit of a TrackedSection, on its entering thread, with that thread's cell */
    void exitCounted(int token, int[] mine) {
        gate.exit(token); // may refuse a bad token: then the count stays as it was
        mine[0]--;
    }

    @Override
    public void shut() {
        refuseSelfWait("shut");
        gate.shut();
    }

    @Override
    public boolean shut(Duration timeout) {
        refuseSelfWait("shut");
        return gate.shut(timeout);
    }

    @Override
    public void shutInterruptibly() throws InterruptedException {
        refuseSelfWait("shutInterruptibly");
        gate.shutInterruptibly();
    }

    @Override
    public boolean shutInterruptibly(Duration timeout) throws InterruptedException {
        refuseSelfWait("shutInterruptibly");
        return gate.shutInterruptibly(timeout);
    }

    private void refuseSelfWait(String op) {
        int mine = held.get()[0];
        if (mine > 0) {
            throw new IllegalStateException(op + " of gate '" + gate.name() + "' refused: the calling thread is inside " + mine
                    + " of its section(s) and would wait for itself for ever; exit first (the gate is unchanged)");
        }
    }

    @Override
    public boolean isShut() {
        return gate.isShut();
    }

    @Override
    public long inside() {
        return gate.inside();
    }

    @Override
    public String toString() {
        return gate + " (tracked)";
    }
}
