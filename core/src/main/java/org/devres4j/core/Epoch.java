package org.devres4j.core;

/**
 * The terminal of one chain of a {@link LinkedResourceList}, and the token of every node pushed onto
 * it: a list starts a fresh epoch at every whole-list release, and a group release claims its nodes
 * with an epoch of its own. Following a node's token to its epoch, and the epoch to its list, tells in
 * O(1) whether a handle is live on this list, being released or released here, or another owner's.
 *
 * <p><b>Lifetime:</b> {@link #LIVE} while it ends the list's chain; {@link #RELEASING} from the detach of
 * its batch until the walk is over, then {@link #RELEASED}. A closed list's head is an epoch made
 * {@link #closed} from the start: pushes read it and refuse. A confined list whose live chain holds only
 * handle-less ActionChunks keeps its epoch across a whole-list release (Chain.detachChunksConfined): no
 * handle carries it, so it stays {@link #LIVE} and current. <b>Concurrency:</b> {@code state} is
 * volatile: the releasing thread writes it outside the list lock.
 */
final class Epoch extends Node {
    static final int LIVE = 0;
    static final int RELEASING = 1;
    static final int RELEASED = 2;

    /** The list this epoch belongs to. */
    final Chain list;
    /** Non-null for the head of a list closed for good: why it was closed. */
    final String closed;
    volatile int state;

    private static final java.lang.invoke.VarHandle STATE;

    static {
        try {
            STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Epoch.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** The token of this epoch's nodes released or removed one by one; made on first use, under the list lock. */
    private Retired retired;

    Epoch(Chain list, String closedReason) {
        this.list = list;
        this.closed = closedReason;
        this.tok = this;
    }

    /** @return the epoch of the chain that {@code head} tops: itself for a terminal, its token's otherwise */
    static Epoch of(Node head) {
        return of(head.tok);
    }

    /** @return the epoch a token leads to */
    static Epoch of(Object tok) {
        return tok instanceof Epoch e ? e : ((Retired) tok).epoch;
    }

    /* @GuardedBy("list.lock") */
    Retired retiredToken() {
        if (retired == null) {
            retired = new Retired(this);
        }
        return retired;
    }

    /**
     * Moves the epoch to {@code next} ({@link #RELEASING} or {@link #RELEASED}). A confined list's owner
     * thread is the only writer of its epochs, so a release store does (no fence); a shared list's write is
     * volatile, as readers on other threads decide by it.
     */
    void moveTo(int next) {
        if (list.confinedTo != null) {
            STATE.setRelease(this, next);
        } else {
            state = next;
        }
    }

    /** @return whether this epoch ends its list's live chain right now (a racy read) */
    boolean isCurrent() {
        return list.current == this;
    }

    @Override
    boolean isMarker() {
        return true;
    }

    @Override
    public String name() {
        return "end of " + list.ownerName;
    }

    @Override
    String kind() {
        return "end";
    }

    @Override
    void run(Object owner, String reason) {
        // never run
    }

    /** The token of a node released or removed on its own; it leads to the node's epoch and so to its list. */
    static final class Retired {
        final Epoch epoch;

        Retired(Epoch epoch) {
            this.epoch = epoch;
        }
    }
}
