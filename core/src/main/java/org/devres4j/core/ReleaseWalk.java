package org.devres4j.core;

/*
 * Design
 *
 * The release walk of a resource list: runs what a release detached under the list lock, newest first,
 * outside the lock. It never stops half way: an action that throws is recorded and the walk goes on; a
 * trace listener, a name or an exception's toString() that throws is reported and the walk goes on
 * (Callbacks). At the end one ReleaseFailedException carries every action failure (callback failures
 * attached as suppressed). The walk clears each node's `next` as it passes, so a handle kept after its
 * release keeps nothing else alive; the batch's epoch is marked released when the walk is over. A
 * JFR duration event (devres4j.ReleaseBatch) spans the walk when a recording enables it.
 */
final class ReleaseWalk {

    private ReleaseWalk() {
    }

    /**
     * A one-node batch. The node was retired under the lock; its {@code next} is not followed nor cleared:
     * a node retired in place still links the live chain until the next compaction.
     */
    static void runOne(Chain list, Node node, String reason) {
        run(list, node, null, node.tok, reason);
    }

    /**
     * Runs a detached chain: every node from {@code first} up to {@code stop} whose token is
     * {@code claim} (others were retired before the detach) — or, with a null {@code stop}, {@code first}
     * alone.
     *
     * @return the number of resources released (markers not counted)
     */
    static int run(Chain list, Node first, Node stop, Object claim, String reason) {
        JfrEvents.ReleaseBatch jfr = new JfrEvents.ReleaseBatch();
        jfr.begin();
        boolean traced = Tracing.wanted(list.listener);
        Callbacks.Failures failures = traced ? new Callbacks.Failures() : null;
        Object owner = list.owner;
        int released = 0;
        int failed = 0;
        for (Node cur = first; cur != null && cur != stop; ) {
            Node next = null;
            if (stop != null) { // a detached chain: only this thread walks it
                next = cur.next;
                cur.next = null; // off the list: keeps nothing else alive
            }
            if (cur.tok == claim) {
                if (traced) {
                    list.emit(TraceEvent.REL, cur, cur.isMarker() ? "" : reason, failures);
                }
                if (!cur.isMarker()) {
                    released++;
                    try {
                        cur.run(owner, reason);
                    } catch (Throwable t) {
                        failed++;
                        failures = failures != null ? failures : new Callbacks.Failures();
                        list.emit(TraceEvent.FAIL, cur, Callbacks.describe(t), failures);
                        failures.action(new ReleaseFailure(list.ownerName, Callbacks.nameOf(cur, failures), cur.order(), t));
                    }
                }
            }
            cur = next;
        }
        if (stop instanceof Epoch e) {
            e.moveTo(Epoch.RELEASED);
        }
        jfr.end();
        if (jfr.shouldCommit()) {
            jfr.owner = list.ownerName;
            jfr.reason = reason;
            jfr.released = released;
            jfr.failures = failed;
            jfr.commit();
        }
        if (failures != null) {
            failures.finish(list.ownerName, reason);
        }
        return released;
    }

    /**
     * After a node left the list without running (remove, destroy): DEL, and a shared resource's list
     * reference goes — if that runs its free and the free throws, a ReleaseFailedException says so.
     */
    static void dropped(Chain list, Node node, String why) {
        list.emit(TraceEvent.DEL, node, "", null);
        try {
            node.dropped(why);
        } catch (Throwable t) {
            Callbacks.Failures f = new Callbacks.Failures();
            f.action(new ReleaseFailure(list.ownerName, Callbacks.nameOf(node), node.order(), t));
            f.finish(list.ownerName, why + " of '" + Callbacks.nameOf(node) + "'");
        }
    }
}
