package org.devres4j.core;

/*
 * Design
 *
 * The release walk of a resource list: runs what a release detached under the list lock, newest first,
 * outside the lock. It never stops half way: an action that throws is recorded and the walk goes on; a
 * trace listener, a name or an exception's toString() that throws is reported and the walk goes on
 * (Callbacks). At the end one ReleaseFailedException carries every action failure (callback failures
 * attached as suppressed). The walk clears each node's `next` as it passes, so a handle kept after its
 * release keeps nothing else alive; the batch's epoch is marked released when the walk is over. An
 * ActionChunk's actions run one by one, newest slot first, each as a node's would (counted, REL when
 * someone listens, its failure recorded under the action's own name), its slots cleared as it goes. A
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
        Walk w = new Walk(list, reason);
        for (Node cur = first; cur != null && cur != stop; ) {
            Node next = null;
            if (stop != null) { // a detached chain: only this thread walks it
                next = cur.next;
                cur.next = null; // off the list: keeps nothing else alive
            }
            if (cur.tok == claim) {
                if (cur instanceof ActionChunk c) {
                    w.chunk(c);
                } else {
                    w.node(cur);
                }
            }
            cur = next;
        }
        if (stop instanceof Epoch e && !e.isCurrent()) { // a confined list's chunks-only release keeps its epoch current
            e.moveTo(Epoch.RELEASED);
        }
        jfr.end();
        if (jfr.shouldCommit()) {
            jfr.owner = list.ownerName;
            jfr.reason = reason;
            jfr.released = w.released;
            jfr.failures = w.failed;
            jfr.commit();
        }
        if (w.failures != null) {
            w.failures.finish(list.ownerName, reason);
        }
        return w.released;
    }

    /** The state of one walk: what it released, and the failures it collected. */
    private static final class Walk {
        final Chain list;
        final String reason;
        final boolean traced;
        Callbacks.Failures failures;
        int released;
        int failed;

        Walk(Chain list, String reason) {
            this.list = list;
            this.reason = reason;
            this.traced = Tracing.wanted(list.listener);
            this.failures = traced ? new Callbacks.Failures() : null;
        }

        /** One claimed node: REL when someone listens, then its action unless it is a marker. */
        void node(Node n) {
            if (traced) {
                list.emit(TraceEvent.REL, n, n.isMarker() ? "" : reason, failures);
            }
            if (!n.isMarker()) {
                released++;
                try {
                    n.run(list.owner, reason);
                } catch (Throwable t) {
                    failed(n, t);
                }
            }
        }

        /**
         * A claimed chunk's actions, newest first, each taken out of its slot and run once. When someone
         * listens, or an action fails, the action stands in as a node of its own: the same REL and FAIL
         * lines and the same failure record as an action added by {@code add}.
         */
        void chunk(ActionChunk c) {
            Object owner = list.owner;
            for (int i = c.count() - 1; i >= 0; i--) {
                Release<Object> a = c.take(i);
                if (traced) {
                    node(new ActionNode(a));
                    continue;
                }
                released++;
                try {
                    a.release(owner);
                } catch (Throwable t) {
                    failed(new ActionNode(a), t);
                }
            }
        }

        private void failed(Node n, Throwable t) {
            failed++;
            failures = failures != null ? failures : new Callbacks.Failures();
            list.emit(TraceEvent.FAIL, n, Callbacks.describe(t), failures);
            failures.action(new ReleaseFailure(list.ownerName, Callbacks.nameOf(n, failures), n.order(), t));
        }
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
