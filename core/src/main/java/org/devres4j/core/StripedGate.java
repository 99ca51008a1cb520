package org.devres4j.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/*
 * Design
 *
 * Concurrency: `cells` holds one reader counter per stripe, STRIDE longs apart (128 bytes: two
 * cache lines, so the adjacent-line prefetcher does not pair neighbours). A thread picks its
 * stripe from its id; consecutive ids map to distinct stripes. tryEnter is Dekker's handshake with
 * shut(): the reader increments its cell (a full fence) and then reads `shut`; the shutter writes
 * `shut` (volatile) and then reads the cells. Under sequential consistency of these volatile
 * accesses at least one side sees the other: the reader backs out, or the shutter counts it.
 *
 * Lifetime: `shut` goes false -> true once. After that the only changes to the cells are exits of
 * readers already inside and the increment-decrement pairs of readers backing out, so the sum can
 * only fall to zero and stay there (a back-out shows at most a transient +1).
 *
 * Cost: a refused reader reads the flag before touching its counter, so spinning readers do not
 * slow the shutter down.
 */
final class StripedGate implements Gate {

    private static final int STRIDE = 16; // longs: 128 bytes between cells

    private final String name;
    private final int mask;
    private final AtomicLongArray cells;

    /** Written once, false -> true. Volatile: the Dekker flag the readers check after incrementing. */
    private volatile boolean shut;

    StripedGate(String name) {
        this.name = GateWait.requireName(name);
        this.mask = STRIPES - 1;
        this.cells = new AtomicLongArray(STRIPES * STRIDE);
    }

    /**
     * Stripes: the next power of two of twice the cores, at least 4, at most 64 — enough that the
     * threads running at once on distinct cores rarely share a stripe (consecutive thread ids never
     * do), and few enough that shut() sums only a handful of cache lines (a 2-core machine: 4).
     */
    static final int STRIPES = Math.min(64, Math.max(4,
            Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1));

    @Override
    public String name() {
        return name;
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19+
    private int stripe() {
        return (int) Thread.currentThread().getId() & mask;
    }

    @Override
    public int tryEnter() {
        if (shut) { // plain check first: a refused reader never touches a counter
            return REFUSED;
        }
        int s = stripe();
        cells.getAndIncrement(s * STRIDE); // full fence: ordered before the re-read of `shut`
        if (shut) {
            cells.getAndDecrement(s * STRIDE); // back out; the shutter may see a transient +1
            return REFUSED;
        }
        return s;
    }

    @Override
    public void exit(int token) {
        if (token < 0 || token > mask) {
            throw GateWait.badToken(this, token);
        }
        // Refuse before touching the cell: a decrement of an empty stripe, even undone a moment later,
        // would let the shutter's sum reach 0 while another reader is inside, and a reader entering
        // meanwhile would be refused at its own exit. So an empty stripe is refused on a plain read,
        // and only then comes the one locked decrement (as cheap as the reader's increment; a CAS
        // loop measured about 8 ns more here). The decrement can still find the stripe empty only if
        // another exit on the same stripe raced this one — two exits for fewer sections, which the
        // token form cannot tell from a correct exit anyway (it trusts its caller; sections refuse a
        // second close). The decrement is a volatile write: the section's work happens-before the
        // shutter's read.
        int cell = token * STRIDE;
        if (cells.getOpaque(cell) <= 0) {
            throw noSectionInside(token);
        }
        if (cells.getAndDecrement(cell) <= 0) {
            cells.getAndIncrement(cell); // a racing double exit: give the count back
            throw noSectionInside(token);
        }
    }

    private IllegalStateException noSectionInside(int token) {
        return new IllegalStateException("exit on gate '" + name + "': no section is inside on token " + token
                + " — every exit needs a matching successful enter");
    }

    @Override
    public Section enter() {
        int token = tryEnter();
        // one object per section, so that a second close is caught instead of taking another
        // reader's count off the stripe; escape analysis removes it when the section stays local
        return token < 0 ? RefusedSection.INSTANCE : new TokenSection(this, token);
    }

    @Override
    public void shut() {
        shut = true; // volatile write: ordered before the cell reads below
        GateWait.awaitQuietly(this, Durations.FOREVER);
    }

    @Override
    public boolean shut(Duration timeout) {
        long nanos = Durations.nanos(GateWait.requireTimeout(this, timeout, "shut"));
        shut = true;
        return GateWait.awaitQuietly(this, nanos);
    }

    @Override
    public void shutInterruptibly() throws InterruptedException {
        shut = true;
        GateWait.await(this, Durations.FOREVER, true);
    }

    @Override
    public boolean shutInterruptibly(Duration timeout) throws InterruptedException {
        long nanos = Durations.nanos(GateWait.requireTimeout(this, timeout, "shutInterruptibly"));
        shut = true;
        return GateWait.await(this, nanos, true);
    }

    @Override
    public boolean isShut() {
        return shut;
    }

    @Override
    public long inside() {
        long sum = 0;
        for (int i = 0; i <= mask; i++) {
            sum += cells.get(i * STRIDE); // volatile reads
        }
        return sum;
    }

    @Override
    public String toString() {
        return "Gate '" + name + "' (" + (shut ? "shut" : "open") + ", " + inside() + " inside)";
    }
}
