package org.devres4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/*
 * Design
 *
 * Lifetime: the list is a singly linked chain, newest first, ending in the END sentinel — or in
 * the CLOSED sentinel once releaseAllAndClose closed it for good, which is how a lock-free add
 * learns that the list is closed. A node is "on the list" while its seq is positive; it is negated
 * once the node is unreachable from head (never before: a concurrent add reads the head's seq to
 * number itself), so a second release of the same handle is told apart from a foreign handle.
 *
 * Order: head is the newest node, so walking the chain from head is LIFO. A release detaches a
 * run of nodes and walks it once, outside the lock, in chain order.
 *
 * Concurrency: an add is a Treiber push — one CAS on `head`, no lock — because adds are the hot
 * path (one per resource). Everything else (removal, group operations, the detach of a release,
 * walks for queries) holds `lock`. So the only writer that can race a lock holder is a push, and
 * a push only ever swings `head` to a new node above the old head: a lock holder that wants to
 * change `head` uses CAS, and if a push got in first, the node it wanted to replace is now some
 * pushed node's `next`, which it finds and rewrites under the lock. The pattern is devres.c's:
 * take the lock, detach, drop the lock, then run callbacks. Adds during a running release land on
 * the fresh chain and so in the next release. Nothing user-supplied (actions, suppliers,
 * destructors, listeners) runs under the lock.
 *
 * Cost: add is one allocation and one CAS; releaseAll is one CAS plus one walk; removal by handle
 * walks from the newest node to the handle (as devres_remove walks), so removing recent resources
 * is cheap. size() walks the chain.
 */
final class LinkedResourceList<O> implements ResourceList<O> {

    /** Ends every chain of an open list. Never detached, never run. */
    static final Node END = new GroupMarker(null, false);

    /** The head of a list closed for good: ends the (empty) chain and refuses pushes. */
    static final Node CLOSED = new GroupMarker(null, false);

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(LinkedResourceList.class, "head", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final O owner;
    private final String ownerName;
    private final TraceListener listener;
    private final Object lock = new Object();

    /** Newest node. Pushed by CAS without the lock; changed otherwise only by lock holders, by CAS. */
    @SuppressWarnings("FieldMayBeFinal")
    private volatile Node head = END;
    /**
     * The number the next add onto an empty chain continues from: raised (before the CAS that
     * empties the chain, so a push that sees END also sees it) whenever a lock holder removes the
     * head. Volatile: read by lock-free pushes.
     */
    private volatile int seqBase;
    /** Why the list was closed; written before the CAS that installs CLOSED, which publishes it. */
    private volatile String closedReason;
    /**
     * The highest seq a releaseAll has detached: every node pushed since numbers above it. With it,
     * each running releaseAll batch is known by its seq range (lo, hi], so a removal racing the
     * release walk is told "already released", not "foreign handle" (the walk negates seqs as it
     * goes, not under the lock).
     */
    /* @GuardedBy("lock") */ private int releasedUpTo;
    /* @GuardedBy("lock") the (lo, hi] ranges of the releaseAll batches being run right now */
    private final List<int[]> running = new ArrayList<>(1);
    /* @GuardedBy("lock") debug mode only: node -> stack of its add */
    private Map<Node, String> sites;

    LinkedResourceList(O owner, String ownerName, TraceListener listener) {
        this.owner = Objects.requireNonNull(owner, "ResourceList.create: the owner must not be null");
        this.ownerName = Objects.requireNonNull(ownerName, "ResourceList.create: the owner name must not be null");
        this.listener = listener;
    }

    @Override
    public O owner() {
        return owner;
    }

    @Override
    public String ownerName() {
        return ownerName;
    }

    // ================================================================== adds

    @Override
    @SuppressWarnings("unchecked")
    public Handle add(Release<? super O> action) {
        requireArg(action, "add", "the action");
        return link(new ActionNode((Release<Object>) action));
    }

    @Override
    public Handle add(String name, Release<? super O> action) {
        return link(namedAction(name, action, "add"));
    }

    @Override
    public <D> Handle add(String name, DataRelease<? super O, D> action, D data) {
        return link(dataAction(name, action, data, "add"));
    }

    @Override
    public Handle addOrReset(String name, Release<? super O> action) {
        return linkOrRun(namedAction(name, action, "addOrReset"));
    }

    @Override
    public <D> Handle addOrReset(String name, DataRelease<? super O, D> action, D data) {
        return linkOrRun(dataAction(name, action, data, "addOrReset"));
    }

    @SuppressWarnings("unchecked")
    private Node namedAction(String name, Release<? super O> action, String op) {
        requireArg(name, op, "the name");
        requireArg(action, op, "the action");
        return new NamedActionNode(name, (Release<Object>) action);
    }

    @SuppressWarnings("unchecked")
    private <D> Node dataAction(String name, DataRelease<? super O, D> action, D data, String op) {
        requireArg(name, op, "the name");
        requireArg(action, op, "the action");
        return new DataNode(name, (DataRelease<Object, Object>) action, data);
    }

    private Node linkOrRun(Node node) {
        try {
            return link(node);
        } catch (ListClosedException closedError) {
            // devm_add_action_or_reset: what could not be registered is undone at once
            emit(TraceEvent.REL, node, "not added: list closed");
            try {
                node.run(owner, "addOrReset on a closed list");
            } catch (Throwable t) {
                emit(TraceEvent.FAIL, node, String.valueOf(t));
                closedError.addSuppressed(t);
            }
            throw closedError;
        }
    }

    private <N extends Node> N link(N node) {
        push(node);
        if (Diagnostics.captureStacks()) {
            recordSite(node, Diagnostics.stackHere());
        }
        emit(TraceEvent.ADD, node, "");
        return node;
    }

    /** Puts a node on top of the chain: a Treiber push, safe with or without the lock. */
    private void push(Node node) {
        for (;;) {
            Node h = head; // volatile read: makes h.seq, written before h's own push, visible
            if (h == CLOSED) {
                throw closedError(node.name());
            }
            // h is still the head here or the CAS below fails, and a head's seq is never negative
            int base = h == END ? seqBase : h.seq;
            node.seq = base == Integer.MAX_VALUE ? 1 : base + 1;
            node.next = h;
            if (HEAD.compareAndSet(this, h, node)) { // volatile write: publishes seq and next
                return;
            }
        }
    }

    private void recordSite(Node node, String site) {
        synchronized (lock) {
            if (node.seq > 0) { // not released in the meantime
                if (sites == null) {
                    sites = new IdentityHashMap<>();
                }
                sites.put(node, site);
            }
        }
    }

    /**
     * Replaces {@code first} — the node after {@code prev}, or the head when {@code prev} is null — by
     * {@code replacement}. If a push moved the head meanwhile, {@code first} is now the {@code next}
     * of a pushed node, which is found and rewritten instead.
     */
    /* @GuardedBy("lock") */
    private void relinkLocked(Node prev, Node first, Node replacement) {
        if (prev == null) {
            if (first.seq > seqBase) {
                seqBase = first.seq; // before the CAS: a push that sees the new head also sees this
            }
            if (HEAD.compareAndSet(this, first, replacement)) {
                return;
            }
            prev = head;
            while (prev.next != first) {
                prev = prev.next;
            }
        }
        prev.next = replacement;
    }

    private static boolean isEnd(Node n) {
        return n == END || n == CLOSED;
    }

    // ================================================================== single removals

    @Override
    public void remove(Handle handle) {
        Node node = requireNode(handle, "remove");
        synchronized (lock) {
            unlinkLocked(node, "remove");
        }
        emit(TraceEvent.DEL, node, "");
    }

    @Override
    public void release(Handle handle) {
        Node node = requireNode(handle, "release");
        synchronized (lock) {
            unlinkLocked(node, "release");
        }
        node.next = END; // a one-node batch
        runBatch(node, "release of '" + node.name() + "'");
    }

    @Override
    public boolean contains(Handle handle) {
        if (!(handle instanceof Node node) || node.isMarker()) {
            return false;
        }
        synchronized (lock) {
            return indexOfLocked(node) >= 0;
        }
    }

    @Override
    public <D> Optional<Handle> find(DataRelease<? super O, D> action, D data) {
        requireArg(action, "find", "the action");
        synchronized (lock) {
            return Optional.ofNullable(findPairLocked(action, data));
        }
    }

    @Override
    public <D> void remove(DataRelease<? super O, D> action, D data) {
        Node node = detachPair(action, data, "remove");
        emit(TraceEvent.DEL, node, "");
    }

    @Override
    public <D> void release(DataRelease<? super O, D> action, D data) {
        Node node = detachPair(action, data, "release");
        node.next = END; // a one-node batch
        runBatch(node, "release of '" + node.name() + "'");
    }

    /** Finds the newest node added with the pair and takes it off the list, under the lock. */
    private Node detachPair(Object action, Object data, String op) {
        requireArg(action, op, "the action");
        synchronized (lock) {
            Node node = findPairLocked(action, data);
            if (node == null) {
                throw noSuchPair(op, data);
            }
            unlinkLocked(node, op);
            return node;
        }
    }

    /* @GuardedBy("lock") */
    private Node findPairLocked(Object action, Object data) {
        for (Node cur = head; !isEnd(cur); cur = cur.next) {
            if (cur instanceof DataNode d && d.matches(action, data)) {
                return d;
            }
        }
        return null;
    }

    /* @GuardedBy("lock") */
    private int indexOfLocked(Node node) {
        int i = 0;
        for (Node cur = head; !isEnd(cur); cur = cur.next, i++) {
            if (cur == node) {
                return i;
            }
        }
        return -1;
    }

    /* @GuardedBy("lock") */
    private void unlinkLocked(Node node, String op) {
        Node prev = null;
        for (Node cur = head; !isEnd(cur); prev = cur, cur = cur.next) {
            if (cur == node) {
                relinkLocked(prev, cur, cur.next);
                cur.next = null;
                detachLocked(cur);
                return;
            }
        }
        throw notOnList(node, op);
    }

    /** Marks an unreachable node as gone from the list. Its {@code next} is left to the caller. */
    /* @GuardedBy("lock") */
    private void detachLocked(Node node) {
        if (node.seq > 0) {
            node.seq = -node.seq;
        }
        if (sites != null) {
            sites.remove(node);
        }
    }

    // ================================================================== managed values

    @Override
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier) {
        return alloc(name, supplier, null);
    }

    @Override
    public <T> Managed<T> alloc(String name, Supplier<? extends T> supplier, Consumer<? super T> destructor) {
        requireArg(name, "alloc", "the name");
        requireArg(supplier, "alloc", "the supplier");
        if (head == CLOSED) {
            throw closedError(name); // the supplier is not called for a list that will never release it
        }
        ManagedNode<T> node = new ManagedNode<>(name, ownerName, supplier.get(), destructor);
        try {
            return link(node);
        } catch (ListClosedException e) {
            // closed between the check and the link: the value was made, so undo it
            if (destructor != null) {
                try {
                    destructor.accept(node.value);
                } catch (Throwable t) {
                    e.addSuppressed(t);
                }
            }
            throw e;
        }
    }

    @Override
    public ManagedBuffer allocBytes(String name, long size) {
        requireArg(name, "allocBytes", "the name");
        if (size <= 0) {
            throw new IllegalArgumentException("allocBytes('" + name + "') on '" + ownerName + "': size " + size
                    + " refused — a managed buffer must be at least 1 byte (a zero-size allocation has nothing to manage)");
        }
        if (size > MAX_BUFFER) {
            throw new IllegalArgumentException("allocBytes('" + name + "') on '" + ownerName + "': size " + size
                    + " exceeds the largest buffer, " + MAX_BUFFER + " bytes");
        }
        return link(new BufferNode(name, ownerName, new byte[(int) size]));
    }

    @Override
    public ManagedBuffer allocArray(String name, long count, long elementSize) {
        requireArg(name, "allocArray", "the name");
        if (count <= 0 || elementSize <= 0) {
            throw new IllegalArgumentException("allocArray('" + name + "') on '" + ownerName + "': count " + count
                    + " and element size " + elementSize + " must both be at least 1");
        }
        long total;
        try {
            total = Math.multiplyExact(count, elementSize);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("allocArray('" + name + "') on '" + ownerName + "': " + count + " × "
                    + elementSize + " bytes overflows (the kmalloc_array overflow check)");
        }
        if (total > MAX_BUFFER) {
            throw new IllegalArgumentException("allocArray('" + name + "') on '" + ownerName + "': " + count + " × "
                    + elementSize + " = " + total + " bytes exceeds the largest buffer, " + MAX_BUFFER + " bytes");
        }
        return link(new BufferNode(name, ownerName, new byte[(int) total]));
    }

    // ================================================================== groups

    @Override
    public Group openGroup() {
        return openGroup(null);
    }

    @Override
    public Group openGroup(Object id) {
        GroupImpl group = new GroupImpl(this, id);
        return link(group.open).group;
    }

    @Override
    public void closeGroup(Object id) {
        GroupImpl group;
        synchronized (lock) {
            group = findGroupLocked(id, "closeGroup");
            if (group.closedLocked()) {
                throw new IllegalStateException("closeGroup on '" + ownerName + "': " + group
                        + " is already closed — a group is closed once");
            }
            push(group.close);
        }
        emit(TraceEvent.ADD, group.close, "");
    }

    @Override
    public void removeGroup(Object id) {
        GroupImpl group;
        boolean hadClose;
        synchronized (lock) {
            group = findGroupLocked(id, "removeGroup");
            hadClose = group.closedLocked();
            if (hadClose) {
                unlinkLocked(group.close, "removeGroup");
            }
            unlinkLocked(group.open, "removeGroup");
        }
        emit(TraceEvent.DEL, group.open, "resources kept");
        if (hadClose) {
            emit(TraceEvent.DEL, group.close, "resources kept");
        }
    }

    @Override
    public int releaseGroup(Object id) {
        Node batch;
        GroupImpl group;
        synchronized (lock) {
            group = findGroupLocked(id, "releaseGroup");
            batch = detachGroupLocked(group);
        }
        return runBatch(batch, "releaseGroup(" + group.describe() + ")");
    }

    /**
     * Detaches the stretch [open marker .. close marker] (or .. newest, while open). Every resource in
     * it goes; a group marker goes only if its group lies wholly inside (both markers, or the open
     * marker of a still-open group), as devres.c's remove_nodes colours them. Returns the detached
     * chain, newest first, ending in END.
     */
    /* @GuardedBy("lock") */
    private Node detachGroupLocked(GroupImpl group) {
        Node top = group.closedLocked() ? group.close : head;
        Node prev = null;
        for (Node cur = head; cur != top; cur = cur.next) {
            prev = cur; // pushes after the read of `top` sit above it and stay out of the stretch
        }
        List<Node> stretch = new ArrayList<>();
        for (Node cur = top; ; cur = cur.next) {
            stretch.add(cur);
            if (cur == group.open) {
                break;
            }
        }
        Node after = group.open.next;
        Map<GroupImpl, Integer> colour = new IdentityHashMap<>();
        for (Node n : stretch) {
            if (n instanceof GroupMarker m) {
                colour.merge(m.group, m.group.closedLocked() ? 1 : 2, Integer::sum);
            }
        }
        Node keptHead = null, keptTail = null, batchHead = null, batchTail = null;
        List<Node> gone = new ArrayList<>(stretch.size());
        for (Node n : stretch) {
            boolean goes = !(n instanceof GroupMarker m) || colour.get(m.group) >= 2;
            if (goes) {
                gone.add(n);
                if (batchHead == null) {
                    batchHead = n;
                } else {
                    batchTail.next = n;
                }
                batchTail = n;
            } else {
                if (keptHead == null) {
                    keptHead = n;
                } else {
                    keptTail.next = n;
                }
                keptTail = n;
            }
        }
        batchTail.next = END;
        Node rest = after;
        if (keptHead != null) {
            keptTail.next = after;
            rest = keptHead;
        }
        relinkLocked(prev, top, rest);
        for (Node n : gone) {
            detachLocked(n); // only now: unreachable, so no push can read these seqs any more
        }
        return batchHead;
    }

    /* @GuardedBy("lock") */
    private GroupImpl findGroupLocked(Object id, String op) {
        for (Node cur = head; !isEnd(cur); cur = cur.next) {
            if (cur instanceof GroupMarker m) {
                GroupImpl g = m.group;
                if (id == null ? !g.closedLocked() : g.matches(id)) {
                    return g;
                }
            }
        }
        throw new IllegalArgumentException(op + " on '" + ownerName + "': "
                + (id == null ? "no open group" : "no " + describeId(id))
                + " is on this list — it was never opened here, or it was already released or removed");
    }

    private static String describeId(Object id) {
        return id instanceof GroupImpl g ? g.toString() : "group with id '" + id + "'";
    }

    boolean groupState(GroupImpl g, boolean openOnly) {
        synchronized (lock) {
            boolean live = g.open.seq > 0;
            return openOnly ? live && !g.closedLocked() : live;
        }
    }

    // ================================================================== whole list

    @Override
    public int releaseAll(String reason) {
        requireArg(reason, "releaseAll", "the reason");
        Node batch;
        synchronized (lock) {
            batch = detachAllLocked(END);
        }
        return runDetached(batch, reason);
    }

    @Override
    public int releaseAllAndClose(String reason) {
        requireArg(reason, "releaseAllAndClose", "the reason");
        Node batch;
        synchronized (lock) {
            if (head == CLOSED) {
                throw new IllegalStateException("releaseAllAndClose on '" + ownerName + "': the list was already closed ("
                        + closedReason + ") — an owner's final release happens once");
            }
            closedReason = reason; // published by the CAS to CLOSED in detachAllLocked
            batch = detachAllLocked(CLOSED);
        }
        return runDetached(batch, reason);
    }

    /**
     * Detaches the whole chain, leaving {@code empty} (END, or CLOSED to close for good) as head.
     * The detached nodes keep their positive seq until the release walk reaches them: one walk,
     * not two. A removal racing that walk is told the node is not on the list.
     */
    /* @GuardedBy("lock") */
    private Node detachAllLocked(Node empty) {
        for (;;) {
            Node batch = head;
            if (!isEnd(batch) && batch.seq > seqBase) {
                seqBase = batch.seq; // before the CAS: a push that sees END numbers on from here
            }
            if (HEAD.compareAndSet(this, batch, batch == CLOSED ? CLOSED : empty)) { // a closed list stays closed
                sites = null;
                if (isEnd(batch)) {
                    return END;
                }
                running.add(new int[] {releasedUpTo, batch.seq});
                releasedUpTo = batch.seq;
                return batch;
            }
        }
    }

    /** Runs a batch that detachAllLocked registered as running, then unregisters it. */
    private int runDetached(Node batch, String reason) {
        if (batch == END) {
            return 0;
        }
        int hi = batch.seq;
        try {
            return runBatch(batch, reason);
        } finally {
            synchronized (lock) {
                running.removeIf(r -> r[1] == hi);
            }
        }
    }

    /* @GuardedBy("lock") */
    private boolean beingReleasedLocked(int seq) {
        for (int[] r : running) {
            if (seq > r[0] && seq <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a detached chain, newest first, outside the lock. Never stops half-way: every failure is
     * collected and thrown at the end.
     */
    private int runBatch(Node batch, String reason) {
        List<ReleaseFailure> failures = null;
        int released = 0;
        boolean traced = Tracing.wanted(listener);
        for (Node cur = batch; cur != END; ) {
            Node next = cur.next;
            cur.next = null;
            if (cur.seq > 0) {
                cur.seq = -cur.seq; // released from here on (a racy read elsewhere sees either sign)
            }
            if (traced) {
                emit(TraceEvent.REL, cur, cur.isMarker() ? "" : reason);
            }
            if (!cur.isMarker()) {
                released++;
                try {
                    cur.run(owner, reason);
                } catch (Throwable t) {
                    emit(TraceEvent.FAIL, cur, String.valueOf(t));
                    if (failures == null) {
                        failures = new ArrayList<>(2);
                    }
                    failures.add(new ReleaseFailure(ownerName, cur.name(), -cur.seq, t));
                }
            }
            cur = next;
        }
        if (failures != null) {
            throw new ReleaseFailedException(ownerName, reason, failures);
        }
        return released;
    }

    @Override
    public boolean isClosed() {
        return head == CLOSED;
    }

    @Override
    public int size() {
        int n = 0;
        synchronized (lock) {
            for (Node cur = head; !isEnd(cur); cur = cur.next) {
                if (!cur.isMarker()) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public LeakReport leakReport() {
        List<LeakReport.Entry> entries = new ArrayList<>();
        synchronized (lock) {
            for (Node cur = head; !isEnd(cur); cur = cur.next) {
                String site = sites == null ? null : sites.get(cur);
                entries.add(new LeakReport.Entry(cur.kind(), cur.name(), cur.seq, site));
            }
        }
        java.util.Collections.reverse(entries);
        return new LeakReport(ownerName, entries);
    }

    @Override
    public List<String> names() {
        return leakReport().entries().stream().filter(e -> !e.kind().equals("group")).map(LeakReport.Entry::name).toList();
    }

    @Override
    public String toString() {
        return "ResourceList of '" + ownerName + "' (" + size() + " resources" + (isClosed() ? ", closed" : "") + ")";
    }

    // ================================================================== errors and trace

    private void requireArg(Object arg, String op, String what) {
        if (arg == null) {
            throw new NullPointerException(op + " on '" + ownerName + "': " + what + " must not be null");
        }
    }

    private Node requireNode(Handle handle, String op) {
        requireArg(handle, op, "the handle");
        if (!(handle instanceof Node node) || node.isMarker()) {
            throw new IllegalArgumentException(op + " on '" + ownerName + "': " + handle
                    + " is not a handle that a resource list returned");
        }
        return node;
    }

    /* @GuardedBy("lock") */
    private RuntimeException notOnList(Node node, String op) {
        if (node.seq > 0 && beingReleasedLocked(node.seq)) {
            return new IllegalStateException(op + " on '" + ownerName + "': " + node.kind() + " '" + node.name()
                    + "' (#" + node.seq + ") was already released — a release of this list is running it right now;"
                    + " a resource is released at most once");
        }
        if (node.seq < 0) {
            return new IllegalStateException(op + " on '" + ownerName + "': " + node.kind() + " '" + node.name()
                    + "' (#" + -node.seq + ") was already released or removed — a resource is released at most once");
        }
        return new IllegalArgumentException(op + " on '" + ownerName + "': " + node.kind() + " '" + node.name()
                + "' is not on this list — it belongs to another owner; remove or release it on the list it was added to");
    }

    private IllegalArgumentException noSuchPair(String op, Object data) {
        return new IllegalArgumentException(op + " on '" + ownerName + "': no action with this (action, data = " + data
                + ") pair is on the list — it was never added here, or it was already released or removed");
    }

    private ListClosedException closedError(String name) {
        return new ListClosedException("add of '" + name + "' to '" + ownerName + "' refused: the list was closed for good ("
                + closedReason + ") — nothing added now would ever be released");
    }

    private void emit(String verb, Node node, String detail) {
        if (Tracing.wanted(listener)) {
            Tracing.emit(listener, new TraceEvent(verb, ownerName, node.name(), Math.abs(node.seq), detail));
        }
    }
}
