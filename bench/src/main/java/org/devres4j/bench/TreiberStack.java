package org.devres4j.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.devres4j.core.Release;

/**
 * The barest thread-safe container of release actions: a Treiber stack, the floor any lock-free list
 * pays for an add. {@code ListBench.treiber} measures it beside the resource list so that the row
 * "ResourceList (shared) vs bare Treiber stack" splits the shared list's cost into what any
 * thread-safe add costs and what the list adds on top (sequence, tracing and bookkeeping checks).
 *
 * <p><b>Lifetime:</b> an action stays on the stack from its {@link #push} until the {@link #runAll}
 * that detaches it; it runs at most once; nothing is kept after that. There is no handle and no
 * removal of one action: only what the floor of an add needs. <b>Order:</b> {@code runAll} runs the
 * actions newest first (LIFO). <b>Concurrency:</b> any thread may push: one compare-and-set on the head
 * per push (a new 24-byte node per try: header, action, next); {@code runAll} detaches the whole
 * stack with one atomic swap and runs the actions outside any lock, so a push that races with it
 * lands either in the detached batch or on the fresh, empty stack, never in neither.
 *
 * @param <O> the owner every action is run with
 */
final class TreiberStack<O> {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TreiberStack.class, "head", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One pushed action: 12 bytes of header and two compressed references, 24 bytes aligned. */
    private static final class Node<O> {
        final Release<O> action;
        final Node<O> next;

        Node(Release<O> action, Node<O> next) {
            this.action = action;
            this.next = next;
        }
    }

    /** The newest node, or null when empty. Written only by CAS (push) and by swap (runAll). */
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile Node<O> head;

    /**
     * Pushes an action: one CAS, repeated with a new node if another push or a runAll got in first.
     *
     * @param action what to run at {@link #runAll}
     * @throws NullPointerException if the action is null (the stack is left as it was)
     */
    @SuppressWarnings("unchecked")
    void push(Release<O> action) {
        if (action == null) {
            throw new NullPointerException("TreiberStack.push: the action is null");
        }
        Node<O> h;
        Node<O> n;
        do {
            h = (Node<O>) HEAD.getVolatile(this);
            n = new Node<>(action, h);
        } while (!HEAD.compareAndSet(this, h, n));
    }

    /**
     * Detaches every pushed action with one swap and runs them, newest first. An action that throws
     * ends the walk: the floor has no error policy (the resource list's does: it runs the rest).
     *
     * @param owner what the actions are run with
     * @return how many actions ran
     * @throws Exception what an action threw
     */
    @SuppressWarnings("unchecked")
    int runAll(O owner) throws Exception {
        int ran = 0;
        for (Node<O> n = (Node<O>) HEAD.getAndSet(this, (Node<O>) null); n != null; n = n.next) {
            n.action.release(owner);
            ran++;
        }
        return ran;
    }
}
