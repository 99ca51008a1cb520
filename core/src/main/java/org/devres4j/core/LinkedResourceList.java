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
 * Lifetime: the list is a singly linked chain, newest first, ending in this list's own `end`
 * terminal; `head` is the shared CLOSED sentinel once releaseAllAndClose closed it for good, which is
 * how a lock-free add learns that the list is closed. A node is "on the list" while it is reachable
 * from head. Its seq is positive until it is detached and negated only once it is unreachable (never
 * before: a concurrent add reads the head's seq to number itself). A detached node's `next` points to
 * `end`, so walking from any handle reaches the terminal of the list it was added to: that tells "my
 * handle, already released" from "another owner's handle" with no field in the node.
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
 * the fresh chain and so in the next release. Nothing user-supplied (actions, their names,
 * suppliers, destructors, listeners, group ids' toString) runs under the lock.
 *
 * Trace order: when anyone listens, an add holds `traceLock` from its CAS until its ADD event is
 * delivered, and every other event of the list is delivered under `traceLock` too, so no REL or DEL of
 * a resource can overtake its ADD. The list lock is never held while taking `traceLock` (order:
 * traceLock, then lock).
 *
 * Cost: add is one allocation and one CAS; releaseAll is one CAS plus one walk; removal by handle
 * walks from the newest node to the handle (as devres_remove walks), so removing recent resources
 * is cheap. size() walks the chain.
 */
final class LinkedResourceList<O> implements ResourceList<O> {

    /** The head of a list closed for good: ends the (empty) chain and refuses pushes. */
    static final Node CLOSED = new GroupMarker(null, false);

    private static final VarHandle HEAD;
    private static final VarHandle SEQ_BASE;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(LinkedResourceList.class, "head", Node.class);
            SEQ_BASE = MethodHandles.lookup().findVarHandle(LinkedResourceList.class, "seqBase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final O owner;
    private final String ownerName;
    private final TraceListener listener;
    /** Asked before every add; null admits everything. */
    private final AdmissionPolicy<? super O> admission;
    private final Object lock = new Object();
    private final Object traceLock = new Object();
    /** Ends this list's chain; every node this list detached points here. */
    private final Terminal end;

    /** Newest node. Pushed by CAS without the lock; changed otherwise only by lock holders, by CAS. */
    @SuppressWarnings("FieldMayBeFinal")
    private volatile Node head;
    /**
     * The number the next add onto an empty chain continues from: raised (before the CAS that
     * empties the chain, so a push that sees `end` also sees it) whenever a lock holder removes the
     * head. Volatile: read by lock-free pushes.
     */
    private volatile int seqBase;
    /** Why the list was closed; written before the CAS that installs CLOSED, which publishes it. */
    private volatile String closedReason;
    /* @GuardedBy("lock") debug mode only: node -> stack of its add */
    private Map<Node, String> sites;

    LinkedResourceList(O owner, String ownerName, TraceListener listener, AdmissionPolicy<? super O> admission) {
        this.owner = Objects.requireNonNull(owner, "ResourceList.create: the owner must not be null");
        this.ownerName = Objects.requireNonNull(ownerName, "ResourceList.create: the owner name must not be null");
        this.listener = listener;
        this.admission = admission;
        this.end = new Terminal(ownerName);
        this.head = end;
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
        admit("add");
        return link(new ActionNode((Release<Object>) action));
    }

    @Override
    public Handle add(String name, Release<? super O> action) {
        Node node = namedAction(name, action, "add");
        admit("add of '" + name + "'");
        return link(node);
    }

    @Override
    public <D> Handle add(String name, DataRelease<? super O, D> action, D data) {
        Node node = dataAction(name, action, data, "add");
        admit("add of '" + name + "'");
        return link(node);
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
        Throwable refused;
        try {
            refused = refusal("addOrReset of '" + node.name() + "'");
        } catch (RuntimeException | Error policyFailure) { // a failing policy refuses: the action still runs
            refused = policyFailure;
        }
        if (refused != null) {
            runRefused(node, refused, "not added: refused by the owner", "addOrReset refused by the owner");
            if (refused instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) refused;
        }
        try {
            return link(node);
        } catch (ListClosedException closedError) {
            runRefused(node, closedError, "not added: list closed", "addOrReset on a closed list");
            throw closedError;
        }
    }

    /** devm_add_action_or_reset: what could not be registered is undone at once. */
    private void runRefused(Node node, Throwable refusal, String detail, String reason) {
        emit(TraceEvent.REL, node, detail);
        try {
            node.run(owner, reason);
        } catch (Throwable t) {
            emit(TraceEvent.FAIL, node, String.valueOf(t));
            refusal.addSuppressed(t);
        }
    }

    /** Asks the admission policy; throws its refusal (nothing is added). */
    private void admit(String op) {
        RuntimeException refused = refusal(op);
        if (refused != null) {
            throw refused;
        }
    }

    private RuntimeException refusal(String op) {
        return admission == null ? null : admission.refusal(owner, op);
    }

    private <N extends Node> N link(N node) {
        boolean capture = Diagnostics.captureStacks();
        if (!capture && !Tracing.wanted(listener)) {
            push(node); // the hot path: one CAS, no lock
            return node;
        }
        String site = capture ? Diagnostics.stackHere() : null;
        synchronized (traceLock) { // from the CAS to the ADD event: nothing of this node can be traced before
            push(node);
            if (site != null) {
                recordSite(node, site);
            }
            emit(TraceEvent.ADD, node, "");
        }
        return node;
    }

    /** Puts a node on top of the chain: a Treiber push, safe with or without the lock. */
    private void push(Node node) {
        for (;;) {
            Node h = head; // volatile read: makes h.seq, written before h's own push, visible
            if (h == CLOSED) {
                throw closedError(node.name());
            }
            // h is still the head here or the CAS below fails, and a head's seq is never negative.
            // seqBase is read after head: a lock holder raises it before the CAS that removes a head,
            // so a push that sees the new head also sees the raised base, and a number whose resource
            // is still being removed (its DEL not yet traced) is never handed out again.
            int base = seqBase;
            if (h != end && h.seq > base) {
                base = h.seq;
            }
            int seq = base == Integer.MAX_VALUE ? 1 : base + 1;
            if (h == end && !SEQ_BASE.compareAndSet(this, base, seq)) {
                continue; // onto an empty chain the number is claimed on seqBase itself: no two pushes share it
            }
            node.seq = seq;
            node.next = h;
            if (HEAD.compareAndSet(this, h, node)) { // volatile write: publishes seq and next
                return;
            }
        }
    }

    /** Debug mode only: remembers where a node was added, if it is still on the chain (a walk). */
    private void recordSite(Node node, String site) {
        synchronized (lock) {
            if (indexOfLocked(node) >= 0) { // not detached by a release that ran since the push
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
            raiseSeqBase(first.seq); // before the CAS: a push that sees the new head also sees this
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

    /** Raises seqBase to at least {@code seq} (never lowers it: pushes onto an empty chain claim on it). */
    private void raiseSeqBase(int seq) {
        for (int b = seqBase; seq > b; b = seqBase) {
            if (SEQ_BASE.compareAndSet(this, b, seq)) {
                return;
            }
        }
    }

    private boolean isEnd(Node n) {
        return n == end || n == CLOSED;
    }

    // ================================================================== single removals

    @Override
    public void remove(Handle handle) {
        Node node = requireNode(handle, "remove");
        takeOff(node, "remove");
        emit(TraceEvent.DEL, node, "");
    }

    @Override
    public void release(Handle handle) {
        Node node = requireNode(handle, "release");
        takeOff(node, "release");
        runBatch(node, "release of '" + node.name() + "'"); // a one-node batch: its next is `end`
    }

    /** Unlinks a node, or throws — the message built after the lock is dropped (names are user code). */
    private void takeOff(Node node, String op) {
        Miss miss;
        synchronized (lock) {
            if (unlinkLocked(node)) {
                return;
            }
            miss = classifyLocked(node);
        }
        throw notOnList(node, op, miss);
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
        runBatch(node, "release of '" + node.name() + "'");
    }

    /** Finds the newest node added with the pair and takes it off the list, under the lock. */
    private Node detachPair(Object action, Object data, String op) {
        requireArg(action, op, "the action");
        synchronized (lock) {
            Node node = findPairLocked(action, data);
            if (node != null) {
                unlinkLocked(node);
                return node;
            }
        }
        throw noSuchPair(op, data);
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

    /** Takes a node off the chain; false if it is not on it. A detached node points to {@code end}. */
    /* @GuardedBy("lock") */
    private boolean unlinkLocked(Node node) {
        Node prev = null;
        for (Node cur = head; !isEnd(cur); prev = cur, cur = cur.next) {
            if (cur == node) {
                relinkLocked(prev, cur, cur.next);
                cur.next = end;
                detachLocked(cur);
                return true;
            }
        }
        return false;
    }

    /** Why a handle is not on the chain. */
    private enum Miss { NEVER_ADDED, RELEASED, BEING_RELEASED, FOREIGN }

    /**
     * Classifies a handle that is not on the chain by walking its {@code next} pointers to a terminal.
     * Another list's nodes are read without that list's lock: a racy walk, but chains only ever point
     * to older nodes or a terminal, so it ends, and it ends at the node's own list's terminal.
     */
    /* @GuardedBy("lock") */
    private Miss classifyLocked(Node node) {
        Node t = node;
        while (t != null && !(t instanceof Terminal)) {
            t = t.next;
        }
        if (t == null) {
            return Miss.NEVER_ADDED;
        }
        if (t != end) {
            return Miss.FOREIGN;
        }
        return node.seq < 0 ? Miss.RELEASED : Miss.BEING_RELEASED;
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
        admit("alloc of '" + name + "'");
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
        admit("allocBytes of '" + name + "'");
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
        admit("allocArray of '" + name + "'");
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
        admit("openGroup");
        GroupImpl group = new GroupImpl(this, id);
        return link(group.open).group;
    }

    @Override
    public void closeGroup(Object id) {
        GroupImpl group;
        boolean pushed = false;
        synchronized (traceLock) { // order: traceLock, then lock; the ADD goes out before any REL of the marker
            synchronized (lock) {
                group = findGroupLocked(id);
                if (group != null && !group.closedLocked()) {
                    push(group.close);
                    pushed = true;
                }
            }
            if (group == null) {
                throw noSuchGroup("closeGroup", id);
            }
            if (!pushed) {
                throw new IllegalStateException("closeGroup on '" + ownerName + "': " + group
                        + " is already closed — a group is closed once");
            }
            emit(TraceEvent.ADD, group.close, "");
        }
    }

    @Override
    public void removeGroup(Object id) {
        GroupImpl group;
        boolean hadClose;
        synchronized (lock) {
            group = findGroupLocked(id);
            hadClose = group != null && group.closedLocked();
            if (hadClose) {
                unlinkLocked(group.close);
            }
            if (group != null) {
                unlinkLocked(group.open);
            }
        }
        if (group == null) {
            throw noSuchGroup("removeGroup", id);
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
            group = findGroupLocked(id);
            batch = group == null ? null : detachGroupLocked(group);
        }
        if (group == null) {
            throw noSuchGroup("releaseGroup", id);
        }
        return runBatch(batch, "releaseGroup(" + group.describe() + ")");
    }

    /**
     * Detaches the stretch [open marker .. close marker] (or .. newest, while open). Every resource in
     * it goes; a group marker goes only if its group lies wholly inside (both markers, or the open
     * marker of a still-open group), as devres.c's remove_nodes colours them. Returns the detached
     * chain, newest first, ending in {@code end}.
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
        batchTail.next = end;
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
    private GroupImpl findGroupLocked(Object id) {
        for (Node cur = head; !isEnd(cur); cur = cur.next) {
            if (cur instanceof GroupMarker m) {
                GroupImpl g = m.group;
                if (id == null ? !g.closedLocked() : g.matches(id)) {
                    return g;
                }
            }
        }
        return null;
    }

    private IllegalArgumentException noSuchGroup(String op, Object id) {
        return new IllegalArgumentException(op + " on '" + ownerName + "': "
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
            batch = detachAllLocked(end);
        }
        return runBatch(batch, reason);
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
        return runBatch(batch, reason);
    }

    /**
     * Detaches the whole chain, leaving {@code empty} ({@code end}, or CLOSED to close for good) as
     * head. The detached nodes keep their positive seq until the release walk reaches them: one walk,
     * not two. A removal racing that walk is told the resource is being released (see classifyLocked).
     */
    /* @GuardedBy("lock") */
    private Node detachAllLocked(Node empty) {
        for (;;) {
            Node batch = head;
            if (!isEnd(batch)) {
                raiseSeqBase(batch.seq); // before the CAS: a push that sees `end` numbers on from here
            }
            if (HEAD.compareAndSet(this, batch, batch == CLOSED ? CLOSED : empty)) { // a closed list stays closed
                sites = null;
                return isEnd(batch) ? end : batch;
            }
        }
    }

    /**
     * Runs a detached chain, newest first, outside the lock. Never stops half-way: every failure is
     * collected and thrown at the end.
     */
    private int runBatch(Node batch, String reason) {
        List<ReleaseFailure> failures = null;
        int released = 0;
        boolean traced = Tracing.wanted(listener);
        for (Node cur = batch; cur != end; ) {
            Node next = cur.next;
            cur.next = end; // detached: points to this list's terminal
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
        List<Node> nodes = new ArrayList<>();
        List<String> siteOf = new ArrayList<>();
        List<Integer> seqOf = new ArrayList<>();
        synchronized (lock) {
            for (Node cur = head; !isEnd(cur); cur = cur.next) {
                nodes.add(cur);
                seqOf.add(cur.seq);
                siteOf.add(sites == null ? null : sites.get(cur));
            }
        }
        List<LeakReport.Entry> entries = new ArrayList<>(nodes.size());
        for (int i = nodes.size() - 1; i >= 0; i--) { // oldest first; names are user code: outside the lock
            Node n = nodes.get(i);
            entries.add(new LeakReport.Entry(n.kind(), n.name(), seqOf.get(i), siteOf.get(i)));
        }
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

    private RuntimeException notOnList(Node node, String op, Miss miss) {
        String what = op + " on '" + ownerName + "': " + node.kind() + " '" + node.name() + "'";
        switch (miss) {
            case RELEASED:
                return new IllegalStateException(what + " (#" + -node.seq
                        + ") was already released or removed — a resource is released at most once");
            case BEING_RELEASED:
                return new IllegalStateException(what + " (#" + Math.abs(node.seq)
                        + ") was already released — a release of this list is running it right now;"
                        + " a resource is released at most once");
            case NEVER_ADDED:
                return new IllegalArgumentException(what + " was never added to a resource list");
            default:
                Node t = node;
                while (!(t instanceof Terminal)) {
                    t = t.next;
                }
                return new IllegalArgumentException(what + " is not on this list — it belongs to another owner ('"
                        + ((Terminal) t).ownerName + "'); remove or release it on the list it was added to");
        }
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
            synchronized (traceLock) { // reentrant for link(); orders this list's events (see the design note)
                Tracing.emit(listener, new TraceEvent(verb, ownerName, node.name(), Math.abs(node.seq), detail));
            }
        }
    }
}
