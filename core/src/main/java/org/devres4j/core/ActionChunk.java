package org.devres4j.core;

/*
 * Design
 *
 * The storage of ManagedResources.addAction on a confined list while nobody listens: up to CAPACITY plain
 * actions in one node, so an action costs a slot (4 bytes with compressed oops) instead of a 24-byte node.
 * Such an action has no handle — the kernel's devm_add_action returns none either — so nothing ever needs
 * to find it, retire it or tell its state on its own: it leaves the list only with its whole chunk.
 *
 * Order: a chunk takes actions only while it is the head of its list's live chain, so every action in it
 * is newer than everything below it; any other add pushes a node above it and the next addAction starts a
 * new chunk. Slot i is older than slot i+1: the release walk runs a chunk newest slot first. So LIFO holds
 * across chunks, nodes and groups alike. A group open or close pushes a marker, so a chunk never straddles
 * a marker: a group release takes a chunk whole or not at all.
 *
 * Lifetime: the chunk is an ordinary node for everything that walks the chain — pushed with the list's
 * epoch, claimed whole by a whole-list or group release, never retired singly (it is never handed out as a
 * Handle), never a match for a lookup (it holds only plain Releases, no data, no name of its own). Readers
 * that list or count resources (size, names, leak report) see its actions one by one (Chain.liveLocked).
 * The walk clears each slot as it runs it.
 *
 * Concurrency: a confined list's owner thread is the only thread that calls the list, so the slots and the
 * count are plain fields written only by that thread; the chunk itself is published by the list's push.
 *
 * Cost: an addAction that finds room is two plain stores; a new chunk is two allocations (the node, 32
 * bytes, and its array, 80 bytes) and the push: 7 bytes per action once chunks are full.
 */
final class ActionChunk extends Node {

    /** Actions per chunk. */
    static final int CAPACITY = 16;

    @SuppressWarnings("unchecked")
    private final Release<Object>[] actions = (Release<Object>[]) new Release<?>[CAPACITY];
    /** Slots in use, oldest at 0. Only the owner thread, or the walk that claimed the chunk, touches them. */
    private int count;

    private ActionChunk(Release<Object> first) {
        actions[0] = first;
        count = 1;
    }

    /**
     * Adds a plain action to the confined, quiet list {@code list} on its owner thread (the caller checked
     * both, the arguments and the admission policy): into the head chunk if it has room, else a new chunk.
     *
     * @throws ListClosedException the same refusal as {@code add}, if the list was closed for good
     */
    static void add(LinkedResourceList<?> list, Release<Object> action) {
        if (list.head instanceof ActionChunk c && c.count < CAPACITY && c.tok == list.current) {
            c.actions[c.count++] = action;
            return;
        }
        list.linkQuiet(new ActionChunk(action)); // a refusal names the chunk's newest action: this one
    }

    /** @return how many actions the chunk holds */
    int count() {
        return count;
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
