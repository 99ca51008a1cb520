package org.devres4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/*
 * Design
 *
 * The storage of a resource list: a singly linked chain, newest first, ending in an Epoch — the
 * terminal of the current release cycle, `current`. Every node carries a token (tok) saying where it
 * stands: the epoch of the chain it was pushed onto, a batch epoch once a group release claimed it, or
 * its epoch's Retired token once it was released or removed on its own. Epochs lead to their list. So
 * whether a handle is live here, being released, released, or another owner's is one read — no walk —
 * and a whole-list release retires every node at once by starting a fresh epoch: the old epoch's nodes
 * are its batch, whatever their number. (A confined list whose chain holds only ActionChunks, which are
 * never handles, detaches them and keeps its epoch: detachChunksConfined.) A list closed for good has a
 * closed epoch as its head.
 *
 * Order: head is the newest node, so walking from head is LIFO. An ActionChunk (addAction on a confined,
 * quiet list) holds several actions in one node, oldest slot first; it takes actions only while it is the
 * head, so the order holds within and across chunks, and readers that list resources expand it
 * (liveLocked, liveCountLocked).
 *
 * Concurrency: an add is a Treiber push — one CAS on `head`, no lock — because adds are the hot path.
 * The pushed node takes its epoch from the head it pushes onto (an epoch, or the head node's token),
 * so token and chain always agree: a whole-list release swaps `head` to a fresh epoch by CAS, and every
 * push lands either before that CAS (in the batch, with the old epoch) or after (on the new chain, with
 * the new epoch). For the same reason a node's token changes to anything but its epoch's Retired token
 * only once it is off the chain. Everything else holds `lock`, changes `head` only by CAS and, if a push
 * got in first, rewrites the pushed node's `next` instead. Nothing user-supplied runs under the lock.
 *
 * Confinement: a confined list (ResourceList.Builder.confined()) has an owner thread, `confinedTo`, and
 * every entry point of the list checks it first (checkOwnerThread) — so only that thread ever writes
 * `head`, `current` and the epochs' states. Its hot paths use that: a push, and a whole-list detach
 * (swapConfined, which also skips the lock: no other thread may call in), write with release stores
 * instead of the CAS and the volatile writes — with a single writer there is no race to settle, and the
 * release order still publishes a node before it is seen. The rest (release by handle, compaction, groups,
 * lookups) is the same code for both kinds, CAS included, under a lock that is then never contended. A
 * shared list's `confinedTo` is null: its check is one final-field test.
 *
 * Cost: a push is one CAS (a confined list's: one release store); an addAction into a head chunk with
 * room is no push at all: a plain read of head (ownerHead) and two plain stores. A whole-list detach is one CAS (a confined list's: release
 * stores). Taking one node off is O(1): the head is
 * unlinked at once, any other node is retired in place and unlinked by the next compaction, which runs
 * after half as many retirements as the last compaction counted live nodes (amortized O(1); retired
 * nodes never outnumber live ones, beyond a minimum of 64).
 *
 * Trace order: when anyone listens, an add holds `traceLock` from its CAS until its ADD event is
 * delivered, and every other event of the list is delivered under `traceLock` too, so no REL or DEL of
 * a resource can overtake its ADD. Lock order: traceLock, then lock. Registration numbers are given
 * under traceLock, to adds made while someone listens or in debug mode; other nodes have none (0).
 */
abstract class Chain {

    private static final VarHandle HEAD;
    private static final VarHandle CURRENT;
    private static final int MIN_COMPACT = 64;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(Chain.class, "head", Node.class);
            CURRENT = MethodHandles.lookup().findVarHandle(Chain.class, "current", Epoch.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The owner every action is run with. */
    final Object owner;
    final String ownerName;
    final TraceListener listener;
    /** The only thread that may call a confined list; null for a shared list (any thread). */
    final Thread confinedTo;
    final Object lock = new Object();
    final Object traceLock = new Object();

    /** Newest node. Pushed by CAS without the lock; changed otherwise only by lock holders, by CAS. */
    volatile Node head;
    /** The epoch that ends the live chain. Written under the lock, before the CAS that starts it. */
    volatile Epoch current;
    /** Retired nodes still linked into the live chain. */
    /* @GuardedBy("lock") */ int lazy;
    /* @GuardedBy("lock") */ private int compactAt = MIN_COMPACT;
    /** Removals and group changes so far: lookups that ran user code outside the lock check nothing changed. */
    /* @GuardedBy("lock") */ int mods;
    /** Nodes visited by compactions and relinks: the cost of the removal paths, which tests bound. */
    /* @GuardedBy("lock") */ long walked;
    /* @GuardedBy("lock") debug mode only: node -> stack of its add */
    private Map<Node, String> sites;
    /* @GuardedBy("traceLock") */ private int lastOrder;

    Chain(Object owner, String ownerName, TraceListener listener, Thread confinedTo) {
        this.owner = owner;
        this.ownerName = ownerName;
        this.listener = listener;
        this.confinedTo = confinedTo;
        this.current = new Epoch(this, null);
        this.head = current;
    }

    /**
     * Refuses a call to a confined list from any thread but its owner thread, before anything is read or
     * changed. A shared list's check is one null test of a final field.
     *
     * @param op the operation, for the error (e.g. {@code "add"})
     * @throws ListConfinementException if the list is confined and this is not its owner thread
     */
    final void checkOwnerThread(String op) {
        Thread owner = confinedTo;
        if (owner != null && owner != Thread.currentThread()) {
            throw ListErrors.wrongThread(ownerName, op, owner);
        }
    }

    /** @return whether the calling thread may use this list: any thread for a shared list */
    final boolean onOwnerThread() {
        return confinedTo == null || confinedTo == Thread.currentThread();
    }

    /** @return whether an add may take the hot path: nobody listens and stacks are off */
    final boolean quiet() {
        return !Diagnostics.captureStacks() && !Tracing.wanted(listener);
    }

    /** @return whether adds are numbered and traced now */
    final boolean traced() {
        return !quiet();
    }

    // ================================================================== pushes

    /**
     * Puts a node on top of the chain: a Treiber push, safe with or without the lock (a confined list's: one
     * release store, on its owner thread). The node takes the epoch of the head it is pushed onto. False,
     * and nothing changed, if the list was closed for good.
     */
    final boolean push(Node node) {
        boolean confined = confinedTo != null;
        for (;;) {
            Node h = confined ? ownerHead() : head; // the owner thread, sole writer of head, reads it plainly
            Epoch e = Epoch.of(h);
            if (e.closed != null) {
                return false;
            }
            node.tok = e;
            node.next = h;
            if (confined) {
                // A release store is enough: every entry point checked that this is the owner thread, so only
                // this thread ever writes head — nothing can move it between the read above and this write.
                // The release order still publishes tok and next before the node, for the racy readers that
                // remain (Handle.isLive() from another thread).
                HEAD.setRelease(this, node);
                return true;
            }
            if (HEAD.compareAndSet(this, h, node)) { // volatile write: publishes tok and next
                return true;
            }
        }
    }

    /**
     * A confined list's head, read on its owner thread: a plain read (no volatile load, which would keep the
     * compiler from keeping anything in registers across it). This thread is the only writer of {@code head}
     * (every entry point checked it), so a plain read sees its last write.
     */
    final Node ownerHead() {
        return (Node) HEAD.get(this);
    }

    /** Pushes onto exactly {@code expected}: false if another push got in first (a lookup then looks again). */
    final boolean pushOnto(Node expected, Node node) {
        node.tok = Epoch.of(expected);
        node.next = expected;
        return HEAD.compareAndSet(this, expected, node);
    }

    /** An add that someone listens to: numbered, and its ADD delivered before any other event of it. */
    final <N extends Node> N linkTraced(N node) {
        String site = Diagnostics.captureStacks() ? Diagnostics.stackHere() : null;
        synchronized (traceLock) {
            node.number(nextOrder());
            if (!push(node)) {
                node.number(0); // nothing was added: the number is given back
                lastOrder--;
                throw node.closedRefusal(ownerName, Epoch.of(head).closed);
            }
            if (site != null) {
                synchronized (lock) {
                    recordSiteLocked(node, site);
                }
            }
            emit(TraceEvent.ADD, node, "", null);
        }
        return node;
    }

    /* @GuardedBy("traceLock") */
    final int nextOrder() {
        lastOrder = lastOrder == Integer.MAX_VALUE ? 1 : lastOrder + 1;
        return lastOrder;
    }

    /* @GuardedBy("lock") */
    final void recordSiteLocked(Node node, String site) {
        if (classifyLocked(node) == null) { // not released by a release that ran since the push
            if (sites == null) {
                sites = new IdentityHashMap<>();
            }
            sites.put(node, site);
        }
    }

    /* @GuardedBy("lock") */
    final void forgetSiteLocked(Node node) {
        if (sites != null) {
            sites.remove(node);
        }
    }

    // ================================================================== taking nodes off

    /** Where a node stands: null if live on this list, else why not. One read of its token. */
    /* @GuardedBy("lock") */
    final ListErrors.Miss classifyLocked(Node node) {
        Object t = node.tok;
        if (t == null) {
            return ListErrors.Miss.NEVER_ADDED;
        }
        Epoch e = Epoch.of(t);
        if (e.list != this) {
            return ListErrors.Miss.FOREIGN;
        }
        if (t instanceof Epoch.Retired) {
            return ListErrors.Miss.RELEASED;
        }
        if (e == current) {
            return null;
        }
        return e.state == Epoch.RELEASING ? ListErrors.Miss.BEING_RELEASED : ListErrors.Miss.RELEASED;
    }

    /**
     * Takes a live node off the list: null, or why it is not live (nothing changes). O(1): the head is
     * unlinked at once, any other node is retired in place until the next compaction.
     */
    /* @GuardedBy("lock") */
    final ListErrors.Miss retireLocked(Node node) {
        ListErrors.Miss miss = classifyLocked(node);
        if (miss != null) {
            return miss;
        }
        node.tok = current.retiredToken();
        mods++;
        forgetSiteLocked(node);
        if (head == node && HEAD.compareAndSet(this, node, node.next)) {
            node.next = null;
        } else if (++lazy >= compactAt) {
            compactLocked();
        }
        return null;
    }

    /**
     * Unlinks every retired node of the live chain. The next compaction waits for half as many retirements
     * as there are live nodes now: until then at least as many stay live as are retired, so retired nodes
     * never outnumber live ones (beyond the minimum), and each compaction's walk is paid for by the
     * retirements and adds since the last one.
     */
    /* @GuardedBy("lock") */
    private void compactLocked() {
        Epoch e = current;
        Node prev = null;
        int live = 0;
        for (Node cur = head; cur != e; ) {
            Node next = cur.next;
            walked++;
            if (cur.tok instanceof Epoch.Retired) {
                relinkLocked(prev, cur, next);
                cur.next = null;
            } else {
                prev = cur;
                live++;
            }
            cur = next;
        }
        lazy = 0;
        compactAt = Math.max(MIN_COMPACT, live / 2);
    }

    /**
     * Replaces {@code first} — the node after {@code prev}, or the head when {@code prev} is null — by
     * {@code replacement}. If a push moved the head meanwhile, {@code first} is now the {@code next} of a
     * pushed node, which is found and rewritten instead.
     */
    /* @GuardedBy("lock") */
    final void relinkLocked(Node prev, Node first, Node replacement) {
        if (prev == null) {
            if (HEAD.compareAndSet(this, first, replacement)) {
                return;
            }
            prev = head;
            while (prev.next != first) {
                prev = prev.next;
                walked++;
            }
        }
        prev.next = replacement;
    }

    /**
     * Starts the next epoch: the whole chain is detached in one CAS and becomes the old epoch's batch.
     * {@code current} moves first, so a push that sees the fresh head sees it as current too.
     */
    /* @GuardedBy("lock"), or on a confined list's owner thread */
    final Node swapLocked(Epoch fresh) {
        Node batch;
        if (confinedTo != null) {
            batch = swapConfined(fresh);
        } else {
            current.state = Epoch.RELEASING;
            current = fresh;
            do {
                batch = head;
            } while (!HEAD.compareAndSet(this, batch, fresh));
        }
        lazy = 0;
        compactAt = MIN_COMPACT;
        mods++;
        sites = null;
        return batch;
    }

    /**
     * The whole-list detach of a confined list whose live chain holds only ActionChunks, on its owner thread:
     * the chain is detached and the epoch kept — no fresh Epoch, no write of {@code current}. No handle carries
     * the epoch then (a chunk is never a handle; a handle retired before carries its Retired token, which says
     * released whatever the epoch's state), so nothing can tell a kept epoch from a fresh one: the chunks leave
     * the chain, an add made during their walk joins the live chain, as after a swap. The walk leaves a kept
     * epoch's state alone (it is still current).
     *
     * @return the detached chain ({@code e} itself if the chain was empty), or null — nothing changed — if
     *         the chain holds anything but chunks: the caller then starts a fresh epoch (swapLocked)
     */
    /* on a confined list's owner thread */
    final Node detachChunksConfined(Epoch e) {
        Node h = ownerHead();
        for (Node n = h; n != e; n = n.next) { // O(chunks): stops at the first node that is no chunk
            if (!(n instanceof ActionChunk)) {
                return null;
            }
        }
        if (h != e) {
            HEAD.setRelease(this, e);
            mods++;
        }
        return h;
    }

    /**
     * The detach of a confined list, on its owner thread (the lock is not needed: no other thread may call
     * the list). Release stores, no fence and no CAS: this thread is the only writer of {@code head},
     * {@code current} and the epochs' states, so nothing can change them between these reads and writes;
     * the release order keeps them in the order a racy reader ({@link Handle#isLive()}) expects.
     */
    private Node swapConfined(Epoch fresh) {
        current.moveTo(Epoch.RELEASING);
        CURRENT.setRelease(this, fresh);
        Node batch = head;
        HEAD.setRelease(this, fresh);
        return batch;
    }

    // ================================================================== reading the chain

    /**
     * @return the live nodes, newest first, markers too if {@code markers}; an action chunk's actions one by
     *         one, newest first, each as a fresh stand-in node (to read names and kinds from, never a handle)
     */
    /* @GuardedBy("lock") */
    final List<Node> liveLocked(boolean markers) {
        List<Node> nodes = new ArrayList<>();
        Epoch e = current;
        for (Node cur = head; cur != e; cur = cur.next) {
            if (cur.tok != e || (!markers && cur.isMarker())) {
                continue;
            }
            if (cur instanceof ActionChunk c) {
                for (int i = c.count() - 1; i >= 0; i--) {
                    nodes.add(new ActionNode(c.action(i)));
                }
            } else {
                nodes.add(cur);
            }
        }
        return nodes;
    }

    /** @return how many resources the live chain holds: nodes that are no marker, and every chunk's actions */
    /* @GuardedBy("lock") */
    final int liveCountLocked() {
        int n = 0;
        Epoch e = current;
        for (Node cur = head; cur != e; cur = cur.next) {
            if (cur.tok == e && !cur.isMarker()) {
                n += cur instanceof ActionChunk c ? c.count() : 1;
            }
        }
        return n;
    }

    /** @return the live entries, oldest first, markers included; names are user code: read outside the lock */
    final LeakReport reportLive() {
        List<Node> nodes;
        List<String> siteOf = new ArrayList<>();
        synchronized (lock) {
            nodes = liveLocked(true);
            for (Node n : nodes) {
                siteOf.add(siteLocked(n));
            }
        }
        List<LeakReport.Entry> entries = new ArrayList<>(nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            entries.add(new LeakReport.Entry(n.kind(), Callbacks.nameOf(n), n.order(), siteOf.get(i)));
        }
        return new LeakReport(ownerName, entries);
    }

    /** @return the live resources' names, oldest first; names are user code: read outside the lock */
    final List<String> liveNames() {
        List<Node> nodes;
        synchronized (lock) {
            nodes = liveLocked(false);
        }
        List<String> out = new ArrayList<>(nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            out.add(Callbacks.nameOf(nodes.get(i)));
        }
        return out;
    }

    /** @return how many nodes the live chain links right now, retired ones included (memory accounting) */
    final int linkedNodes() {
        synchronized (lock) {
            int n = 0;
            for (Node cur = head; cur != current; cur = cur.next) {
                n++;
            }
            return n;
        }
    }

    /* @GuardedBy("lock") */
    final String siteLocked(Node node) {
        return sites == null ? null : sites.get(node);
    }

    /** Delivers one event of this list, under its trace lock; a callback's failure goes to {@code into} or is logged. */
    final void emit(String verb, Node node, String detail, Callbacks.Failures into) {
        if (Tracing.wanted(listener)) {
            synchronized (traceLock) { // reentrant for linkTraced(); orders this list's events (see the design note)
                Tracing.emit(listener, new TraceEvent(verb, ownerName, Callbacks.nameOf(node, into), node.order(), detail), into);
            }
        }
    }
}
