package org.devres4j.core;

/*
 * Design
 *
 * The storage of ManagedResources.addAction on a confined list while nobody listens: several plain actions
 * in one node, so an action costs a slot (4 bytes with compressed oops) instead of a 24-byte node. Such an
 * action has no handle — the kernel's devm_add_action returns none either — so nothing ever needs to find
 * it, retire it or tell its state on its own: it leaves the list only with its whole chunk.
 *
 * Order: a chunk takes actions only while it is the head of its list's live chain, so every action in it is
 * newer than everything below it; any other add pushes a node above it and the next addAction starts a new
 * chunk. Slot i is older than slot i+1: the release walk runs a chunk newest slot first. So LIFO holds across
 * chunks, nodes and groups alike. A group open or close pushes a marker, so a chunk never straddles a marker:
 * a group release takes a chunk whole or not at all.
 *
 * Size: a list's first chunk, and any chunk pushed above a node that is not a full chunk, has CAPACITY slots;
 * a chunk pushed because the head chunk was full has twice its slots, up to MAX_CAPACITY. So N actions take
 * O(log N) chunks up to MAX_CAPACITY and N/MAX_CAPACITY beyond (N=1024: 8 chunks, not 64), and at most about
 * half the slots of a list are ever empty. A first chunk has a constant length: the compiler allocates and
 * clears it inline, which a variable length would not let it.
 *
 * Lifetime: the chunk is an ordinary node for everything that walks the chain — pushed with the list's
 * epoch, claimed whole by a whole-list or group release, never retired singly (it is never handed out as a
 * Handle), never a match for a lookup (it holds only plain Releases, no data, no name of its own). Readers
 * that list or count resources (size, names, leak report) see its actions one by one (Chain.liveLocked).
 * The walk clears each slot as it runs it. A chunk is never reused: a walked chunk handed back to its list
 * for the next epoch was measured (below) and dropped.
 *
 * Concurrency: a confined list's owner thread is the only thread that calls the list, so the slots and the
 * count are plain fields written only by that thread, and it reads the list's head plainly (Chain.ownerHead):
 * as the only writer of head it sees its own last write. The chunk itself is published by the list's push
 * (a release store). Whether the list is quiet is asked at every addAction, by the volatile reads of
 * Chain.quiet(), never cached in the chunk: a listener or stack capture switched on by another thread is seen
 * by every add that follows the switch (see LinkedResourceList.addAction).
 *
 * Cost: an addAction into the head chunk with room is a plain read of head, a type test, a bounds test and
 * two plain stores; a new chunk is two allocations (the node, 32 bytes, and its array: 80 bytes for 16
 * slots) and the push. Measured against keeping the walked chunk as a spare for the next epoch (no chunk
 * allocation at all): on G1 (the default) the spare survives a collection and then every store of an action
 * into it, an old array, pays G1's StoreLoad card-mark fence — addAction+releaseAll of 16 took 190-226 ns
 * instead of 80-90 (50 ns with ParallelGC). A fresh chunk is young: its stores skip that fence.
 */
final class ActionChunk extends Node {

    /** Slots of a list's first chunk, and of every chunk that follows a node other than a full chunk. */
    static final int CAPACITY = 16;
    /** The most slots a chunk grows to (1 KiB of references with compressed oops). */
    static final int MAX_CAPACITY = 256;

    private final Release<Object>[] actions;
    /** Slots in use, oldest at 0. Only the owner thread, or the walk that claimed the chunk, touches them. */
    private int count;

    /** A first chunk: CAPACITY slots, a constant length the compiler allocates and clears inline. */
    @SuppressWarnings("unchecked")
    private ActionChunk() {
        actions = (Release<Object>[]) new Release<?>[CAPACITY];
    }

    /** A chunk that follows a full one: {@code capacity} slots. */
    @SuppressWarnings("unchecked")
    private ActionChunk(int capacity) {
        actions = (Release<Object>[]) new Release<?>[capacity];
    }

    /**
     * Adds a plain action to the confined, quiet list {@code list} on its owner thread (the caller checked
     * both, the arguments and the admission policy): into the head chunk if it has room, else into a new
     * chunk pushed above the head — twice the head chunk's slots if the head is a full chunk.
     *
     * @throws ListClosedException the same refusal as {@code add}, if the list was closed for good
     */
    static void add(Chain list, Release<Object> action) {
        // The head of a confined list's live chain, if a chunk, is open: it is in the current epoch (a push
        // takes the head's epoch, a detach swaps the head before its walk or group release claims anything)
        // and no walk runs it (a walk runs only detached nodes).
        Node h = list.ownerHead();
        ActionChunk open = h instanceof ActionChunk c ? c : null;
        if (open != null && open.offer(action)) {
            return;
        }
        start(list, open, action);
    }

    /** The slow path of {@link #add}: the head chunk is full, or the head is no chunk; a new chunk is pushed. */
    private static void start(Chain list, ActionChunk full, Release<Object> action) {
        ActionChunk c = full == null ? new ActionChunk() : new ActionChunk(Math.min(MAX_CAPACITY, 2 * full.actions.length));
        c.actions[0] = action;
        c.count = 1;
        if (!list.push(c)) { // closed for good: the refusal names the chunk's newest action, this one
            throw c.closedRefusal(list.ownerName, Epoch.of(list.head).closed);
        }
    }

    /** Puts {@code action} into the next slot, if there is one. */
    private boolean offer(Release<Object> action) {
        int n = count;
        Release<Object>[] slots = actions;
        if (n < slots.length) {
            slots[n] = action;
            count = n + 1;
            return true;
        }
        return false;
    }

    /** @return how many actions the chunk holds */
    int count() {
        return count;
    }

    /** @return how many slots the chunk has */
    int capacity() {
        return actions.length;
    }

    /** @return the action in slot {@code i} (0 is the oldest) */
    Release<Object> action(int i) {
        return actions[i];
    }

    /** Takes the action out of slot {@code i} for the release walk: the slot is cleared. */
    Release<Object> take(int i) {
        Release<Object> a = actions[i];
        actions[i] = null;
        return a;
    }

    /** The newest action's name: what a refused add of it reports. */
    @Override
    public String name() {
        return actions[count - 1].name();
    }

    @Override
    String fallbackName() {
        return Names.of(actions[count - 1]);
    }

    @Override
    String kind() {
        return NamedActionNode.KIND;
    }

    /** Never called: the release walk runs a chunk's actions one by one (ReleaseWalk). */
    @Override
    void run(Object owner, String reason) {
        throw new IllegalStateException("a chunk of " + count + " actions is run action by action, by the release walk");
    }
}
