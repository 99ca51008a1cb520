package org.devres4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/*
 * Design
 *
 * The per-thread section count of a tracked gate is its reader counter (per-thread SRCU): each thread
 * that enters gets one Cell in this gate, written only by that thread. A section costs one StoreLoad
 * fence at enter and a release store at exit — no atomic read-modify-write. Enter finds the thread's
 * cell by its thread id in `byThread`, a copy-on-write hash table (no ThreadLocal); the token is the
 * cell's slot, so the token form's exit needs no search, and the section form carries the cell.
 *
 * Lifetime: `shut` goes false -> true once. A Cell is created on its thread's first enter and put in a
 * slot of `slots` under `registry`; its slot index is the token tryEnter hands out and never changes
 * while the cell is registered. Every registration prunes: a cell whose thread has ended (collected, or
 * no longer alive) with a count of 0 can never be written again, so its slot is cleared and reused, and
 * `byThread` is rebuilt from the cells left. The registry holds at most the threads alive at once plus
 * the ended ones that leaked a section, never one cell per thread ever seen. `slots` only grows
 * (doubling), when no slot is free. `byThread` holds only the cells of live threads (an ended thread's
 * leaked section stays counted in `slots` but is never looked up); thread ids come from a 64-bit counter
 * in the JDK and are not reused, so an id names one thread.
 *
 * Concurrency: enter is Dekker's handshake with shut. Reader: store count+1 (opaque); fullFence; load
 * `shut`. Shutter: store `shut` (volatile); fullFence; load every count (acquire). With a full fence
 * between each side's store and load, at least one side sees the other's store: the reader backs out,
 * or the shutter counts it. A reader that entered before the flag is therefore waited for, and the
 * registration of its cell (a volatile slot store, program-ordered before its count store) is seen by
 * the shutter's sum as well. Exit is a release store of count-1: the section's accesses happen-before
 * the shutter's acquire read of the lowered count. After the store, an exit that sees the flag set
 * unparks the thread in `waiter`; that wake-up is best effort (the release store may pass the flag's
 * load), which is safe because the shutter's parks are bounded (GateWait: at most 1 ms each) and it
 * re-sums after every one. A refused reader reads the flag before touching its cell, so readers
 * spinning on a shut gate do not slow the shutter down. Only the owning thread writes a count, so its
 * own reads of it are plain.
 *
 * Misuse: a count is per thread, so a section is exited on the thread that entered it; the token names
 * a cell and the exit checks the cell's owner, and a shut from inside one's own section (count > 0) is
 * refused before the flag is written — the gate stays open and nothing changes.
 */
final class TrackedGate implements Gate {

    private static final VarHandle COUNT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Cell[].class);

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CellCount.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Object registry = new Object();

    /**
     * The registered cells by thread id: open addressing, linear probing, at most half full. Copy on
     * write: rebuilt whole under `registry` at each registration and published by this volatile field,
     * so a reader's probe reads an array nobody writes any more — no lock, no ThreadLocal.
     */
    private volatile Cell[] byThread = new Cell[8];

    /** Index = token. Replaced by a larger copy under `registry`; elements written under it too (volatile). */
    private volatile Cell[] slots = new Cell[4];

    /** Written once, false -> true. Volatile, and fenced after: the Dekker flag the readers load after their fence. */
    private volatile boolean shut;

    /** The thread waiting in a shut, for an exiting reader to unpark; null when none waits. */
    private volatile Thread waiter;

    TrackedGate(String name) {
        this.name = GateWait.requireName(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int heldByCurrentThread() {
        Cell mine = find(currentThreadId());
        return mine == null ? 0 : (int) mine.count; // plain: only this thread writes its count
    }

    @Override
    public int tryEnter() {
        if (shut) { // a refused reader never touches a cell
            return REFUSED;
        }
        Cell mine = myCell();
        return enterOn(mine) ? mine.slot : REFUSED;
    }

    /** One per-thread lookup per section: the cell found here travels in the section to its exit. */
    @Override
    public Section enter() {
        if (shut) {
            return RefusedSection.INSTANCE;
        }
        Cell mine = myCell();
        return enterOn(mine) ? new TrackedSection(this, mine) : RefusedSection.INSTANCE;
    }

    private boolean enterOn(Cell mine) {
        long n = mine.count; // plain: only this thread writes it
        COUNT.setOpaque(mine, n + 1); // the reader's store of the Dekker pair
        VarHandle.fullFence(); // StoreLoad: the count is visible to every shutter before `shut` is loaded
        if (shut) {
            COUNT.setRelease(mine, n); // back out; a shutter may have seen a transient +1
            wakeShutter();
            return false;
        }
        return true;
    }

    @Override
    public void exit(int token) {
        Cell[] s = slots;
        Cell cell = token >= 0 && token < s.length ? s[token] : null; // a thread's own cell: stored by itself
        if (cell == null) {
            throw GateWait.badToken(this, token);
        }
        if (cell.ownerId != currentThreadId()) {
            throw heldByCurrentThread() == 0 ? holdsNone() : notOwner(token, cell);
        }
        exitOn(cell);
    }

    /* the exit of a section on its own thread's cell (the token form after its owner check; TrackedSection) */
    void exitOn(Cell mine) {
        long n = mine.count; // plain: only this thread writes it
        if (n <= 0) {
            throw holdsNone();
        }
        COUNT.setRelease(mine, n - 1); // release: the section's accesses happen-before a shutter's read of the lower count
        if (shut) { // only after the flag is up does an exit look for a parked shutter
            wakeShutter();
        }
    }

    private void wakeShutter() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    private IllegalStateException holdsNone() {
        return new IllegalStateException("exit on gate '" + name
                + "' refused: the calling thread holds none of its sections — a section of a tracked gate is exited on the thread that entered it");
    }

    private IllegalStateException notOwner(int token, Cell cell) {
        Thread owner = cell.owner.get();
        return new IllegalStateException("exit on gate '" + name + "' refused: token " + token + " is a section of thread '"
                + (owner == null ? "(ended)" : owner.getName())
                + "', not of the calling thread — a section of a tracked gate is exited on the thread that entered it (nothing changed)");
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
    private static long currentThreadId() {
        return Thread.currentThread().getId();
    }

    private Cell myCell() {
        long id = currentThreadId();
        Cell mine = find(id);
        return mine != null ? mine : register(id);
    }

    /* the calling thread's cell, or null before its first enter: usually the first probe hits */
    private Cell find(long id) {
        Cell[] t = byThread;
        int mask = t.length - 1;
        for (int i = (int) id & mask; ; i = (i + 1) & mask) {
            Cell c = t[i];
            if (c == null || c.ownerId == id) {
                return c;
            }
        }
    }

    /* off the hot path: once per (gate, thread) — takes a free slot, or one whose thread ended with count 0 */
    private Cell register(long id) {
        synchronized (registry) {
            Cell[] s = slots;
            int free = -1;
            int live = 1;
            for (int i = 0; i < s.length; i++) {
                if (s[i] != null && s[i].isAbandoned()) {
                    SLOT.setVolatile(s, i, null); // pruned: its thread ended with no section inside
                }
                if (s[i] == null) {
                    free = free < 0 ? i : free;
                } else {
                    live++;
                }
            }
            if (free < 0) {
                free = s.length;
                s = Arrays.copyOf(s, s.length * 2);
                slots = s; // volatile: a shutter reading `slots` after its fence sees the larger array
            }
            Cell mine = new Cell(Thread.currentThread(), id, free);
            SLOT.setVolatile(s, free, mine); // before this thread's first count store (program order)
            Cell[] t = new Cell[Math.max(8, Integer.highestOneBit(live) << 2)]; // at most half full
            for (Cell c : s) {
                if (c != null && c.ownerAlive()) { // an ended thread's leaked cell stays counted, but is never looked up
                    int mask = t.length - 1;
                    int i = (int) c.ownerId & mask;
                    while (t[i] != null) {
                        i = (i + 1) & mask;
                    }
                    t[i] = c;
                }
            }
            byThread = t; // volatile: publishes the filled table; never written again
            return mine;
        }
    }

    /* the registry's capacity in slots (tests: thread churn must not grow it) */
    int slotCapacity() {
        return slots.length;
    }

    /* the number of cells registered now (tests: thread churn must not grow the registry) */
    int registeredCells() {
        synchronized (registry) {
            int n = 0;
            for (Cell c : slots) {
                n += c == null ? 0 : 1;
            }
            return n;
        }
    }

    @Override
    public void shut() {
        close("shut");
        GateWait.quietly(() -> awaitWoken(Durations.FOREVER, false));
    }

    @Override
    public boolean shut(Duration timeout) {
        long nanos = Durations.nanos(GateWait.requireTimeout(this, timeout, "shut"));
        close("shut");
        return GateWait.quietly(() -> awaitWoken(nanos, false));
    }

    @Override
    public void shutInterruptibly() throws InterruptedException {
        close("shutInterruptibly");
        awaitWoken(Durations.FOREVER, true);
    }

    @Override
    public boolean shutInterruptibly(Duration timeout) throws InterruptedException {
        long nanos = Durations.nanos(GateWait.requireTimeout(this, timeout, "shutInterruptibly"));
        close("shutInterruptibly");
        return awaitWoken(nanos, true);
    }

    /* refuses a shut from inside the caller's own section (nothing changes), else raises the flag */
    private void close(String op) {
        int mine = heldByCurrentThread();
        if (mine > 0) {
            throw new IllegalStateException(op + " of gate '" + name + "' refused: the calling thread is inside " + mine
                    + " of its section(s) and would wait for itself for ever; exit first (the gate is unchanged)");
        }
        shut = true; // the shutter's store of the Dekker pair
        VarHandle.fullFence(); // StoreLoad: the flag is visible to every reader before any count is loaded
    }

    /* GateWait's wait, with this thread in `waiter` meanwhile for exiting readers to unpark */
    private boolean awaitWoken(long nanos, boolean interruptible) throws InterruptedException {
        Thread me = Thread.currentThread();
        waiter = me; // before the first sum: an exit that sees the flag finds us
        try {
            return GateWait.await(this, nanos, interruptible);
        } finally {
            if (waiter == me) {
                waiter = null; // a second shutter may have taken the field; then it is left to that one
            }
        }
    }

    @Override
    public boolean isShut() {
        return shut;
    }

    @Override
    public long inside() {
        long sum = 0;
        Cell[] s = slots;
        for (int i = 0; i < s.length; i++) {
            Cell c = (Cell) SLOT.getAcquire(s, i);
            if (c != null) {
                sum += (long) COUNT.getAcquire(c);
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return "Gate '" + name + "' (" + (shut ? "shut" : "open") + ", " + inside() + " inside) (tracked)"; // as when it wrapped a plain gate
    }

    /* Padding before the count: 128 bytes, two cache lines (the adjacent-line prefetcher pairs lines). */
    abstract static class CellPadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    abstract static class CellCount extends CellPadBefore {
        /** Written by the owning thread only (opaque at enter, release at exit); read by shutters (acquire). */
        long count;
    }

    abstract static class CellPadAfter extends CellCount {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    /**
     * One thread's section count in one gate. Padded on both sides: cells copied next to each other by
     * the collector must not share a cache line, or two readers' enters would contend.
     */
    static final class Cell extends CellPadAfter {
        final long ownerId;
        final WeakReference<Thread> owner;
        final int slot;

        Cell(Thread owner, long ownerId, int slot) {
            this.ownerId = ownerId;
            this.owner = new WeakReference<>(owner);
            this.slot = slot;
        }

        boolean ownerAlive() {
            Thread t = owner.get();
            return t != null && t.isAlive();
        }

        /* the thread ended with no section inside: nobody will write this count again */
        boolean isAbandoned() {
            return !ownerAlive() && (long) COUNT.getAcquire(this) == 0;
        }
    }
}
