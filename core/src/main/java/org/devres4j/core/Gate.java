package org.devres4j.core;

import java.time.Duration;

/**
 * The hot-unplug guard: what SRCU gives {@code drm_dev_enter}/{@code drm_dev_exit}. Readers enter
 * and exit cheap sections; {@link #shut()} makes every later entry fail and returns only when every
 * section entered before it has exited.
 *
 * <p><b>Lifetime:</b> a gate starts open and is shut once, for good. <b>Order:</b> when
 * {@code shut()} returns, no thread is inside a section and none will enter again: whatever the
 * sections guarded (hardware) may be torn down. <b>Concurrency:</b> the read side touches only a
 * counter cell chosen by the calling thread — cells sit a cache line pair apart, so readers on
 * different cores never share a line — and reads the shut flag once before and once after. The
 * shutter sets the flag, then waits for the sum of the cells to reach zero; a reader that entered
 * before the flag is waited for, a reader that comes after backs out. Sections nest. A shutter waits
 * without burning a core (it spins briefly, then parks), and an interrupt never cuts its wait short:
 * {@link #shut()} keeps waiting and returns with the thread's interrupt status set;
 * {@link #shutInterruptibly()} throws instead (the gate stays shut). A thread must not shut a gate from
 * inside one of its own sections: it would wait for itself. A {@linkplain #createTracked(String)
 * tracked} gate refuses that at once; a plain one cannot see it cheaply (it keeps no per-thread count),
 * so there {@link #shut(Duration)} bounds the wait.
 *
 * <pre>{@code
 * int token = gate.tryEnter();
 * if (token < 0) return ENODEV;      // unplugged
 * try { touchHardware(); } finally { gate.exit(token); }
 *
 * try (Gate.Section s = gate.enter()) {
 *     if (!s.entered()) return ENODEV;
 *     touchHardware();
 * }
 * }</pre>
 */
public interface Gate {

    /** What {@link #tryEnter()} returns when the gate is shut. */
    int REFUSED = -1;

    /**
     * Creates an open gate.
     *
     * @param name the name errors print (e.g. the device's)
     * @return an open gate
     */
    static Gate create(String name) {
        return new StripedGate(name);
    }

    /**
     * Creates an open gate that also counts, per thread, the sections each thread is inside, so that a
     * shut from inside one of the caller's own sections is refused at once instead of waiting for
     * itself for ever. The DRM device's unplug guard uses it ({@code drm_dev_unplug} from inside
     * {@code drm_dev_enter} deadlocks in the kernel; here it is a clear error).
     *
     * <p><b>Lifetime and order:</b> as {@link #create(String)}. <b>Concurrency:</b> the calling thread's
     * own count is the gate's reader count (per-thread SRCU): an enter finds the thread's count cell by
     * its thread id (no thread-local), raises it and pays one store-load fence; an exit lowers it with a
     * release store — no atomic read-modify-write on either side. The shutter sums every thread's cell.
     * So a section of a tracked gate must be exited on the thread that entered it, and the memory it
     * keeps is one cell per thread alive (a cell of an ended thread with no section inside is reused).
     *
     * @param name the name errors print
     * @return an open, tracking gate
     */
    static Gate createTracked(String name) {
        return new TrackedGate(name);
    }

    /** @return the gate's name */
    String name();

    /**
     * How many sections of this gate the calling thread is inside.
     *
     * @return the count on a gate made by {@link #createTracked(String)}
     * @throws UnsupportedOperationException on a gate that does not track threads, naming the gate
     */
    default int heldByCurrentThread() {
        throw new UnsupportedOperationException("gate '" + name() + "' does not count sections per thread; create it with Gate.createTracked");
    }

    /**
     * Enters a section, unless the gate is shut.
     *
     * @return a token to pass to {@link #exit(int)}, or {@link #REFUSED} if the gate is shut
     */
    int tryEnter();

    /**
     * Leaves a section. The token form trusts its caller: the count lives per stripe, not per reader,
     * so a second exit with the same token is caught only when its stripe has no section left (on a
     * {@linkplain #createTracked(String) tracked} gate the token names the entering thread's count: an exit
     * on another thread is refused, a second one only when that thread has no section left). Use
     * {@link #enter()}, whose sections refuse a second close, where that matters.
     *
     * @param token what the matching {@link #tryEnter()} returned
     * @throws IllegalArgumentException if the token is not one this gate hands out
     * @throws IllegalStateException    if there is no section to exit (an exit without an enter)
     */
    void exit(int token);

    /**
     * Enters a section for try-with-resources. Never null: check {@link Section#entered()}.
     *
     * @return the section; closing it exits
     */
    Section enter();

    /**
     * Shuts the gate for good and waits, however long it takes, until every section entered before
     * it has exited. Idempotent: a second call just waits. An interrupt does not end the wait; the
     * thread's interrupt status is set again when this returns.
     *
     * @throws IllegalStateException on a {@linkplain #createTracked(String) tracked} gate, if the
     *                               calling thread is inside one of its sections (nothing changes)
     */
    void shut();

    /**
     * Shuts the gate and waits at most {@code timeout}. A zero or negative timeout does not wait; one
     * too long to count in nanoseconds waits for ever. An interrupt does not end the wait; the thread's
     * interrupt status is set again when this returns.
     *
     * @param timeout the longest wait
     * @return true if every section has exited, false if some were still inside at the deadline (the
     *         gate is shut either way)
     * @throws NullPointerException  if {@code timeout} is null, naming the gate
     * @throws IllegalStateException on a {@linkplain #createTracked(String) tracked} gate, if the
     *                               calling thread is inside one of its sections (nothing changes)
     */
    boolean shut(Duration timeout);

    /**
     * Shuts the gate for good and waits until every section entered before it has exited, unless the
     * thread is interrupted: then it throws, and the gate stays shut (later enters fail; sections still
     * inside may exit at any time, and a later {@code shut} waits for them).
     *
     * @throws InterruptedException  if the thread is interrupted while sections are still inside (its
     *                               interrupt status is cleared, as usual)
     * @throws IllegalStateException on a {@linkplain #createTracked(String) tracked} gate, if the
     *                               calling thread is inside one of its sections (nothing changes)
     */
    void shutInterruptibly() throws InterruptedException;

    /**
     * {@link #shutInterruptibly()} with a deadline, as {@link #shut(Duration)} counts it.
     *
     * @param timeout the longest wait
     * @return true if every section has exited, false if some were still inside at the deadline
     * @throws InterruptedException  if the thread is interrupted while sections are still inside (the
     *                               gate stays shut)
     * @throws NullPointerException  if {@code timeout} is null, naming the gate
     * @throws IllegalStateException on a {@linkplain #createTracked(String) tracked} gate, if the
     *                               calling thread is inside one of its sections (nothing changes)
     */
    boolean shutInterruptibly(Duration timeout) throws InterruptedException;

    /** @return whether the gate was shut */
    boolean isShut();

    /** @return how many sections are inside right now (a racy sum, for reports) */
    long inside();

    /**
     * A section for try-with-resources. Closing a section that was not entered does nothing; closing
     * an entered section twice is refused with an {@link IllegalStateException}, so it can never take
     * another reader's place in the count. A section belongs to the thread that entered it.
     */
    interface Section extends AutoCloseable {

        /** @return whether the section was entered (false: the gate was shut) */
        boolean entered();

        /** Exits the section if it was entered. */
        @Override
        void close();
    }
}
