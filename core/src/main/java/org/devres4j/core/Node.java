package org.devres4j.core;

/**
 * One entry of a {@link LinkedResourceList}: a release action, a managed value, a shared resource, a
 * chunk of handle-less actions ({@link ActionChunk}, never handed out as a handle), a
 * group marker — or an {@link Epoch}, the terminal that ends a chain.
 *
 * <p>Layout: a plain action node is three references on a 12-byte header — {@code next}, {@code tok},
 * {@code action} — so 24 bytes with compressed oops. Names, data, registration numbers and stacks live
 * in subclasses or in the list's debug side table, so the common case stays that small.
 *
 * <p>Lifetime: {@code tok} says where the node stands, in O(1): the {@link Epoch} of the chain it was
 * pushed onto while it is on that chain or in that epoch's release batch (the epoch's state tells
 * which), another release batch's epoch once a group release claimed it, or that epoch's
 * {@link Retired} token once it was released or removed on its own. Every token leads to its list, so
 * a handle is told apart as live, released, being released or another owner's without a walk.
 *
 * <p>Concurrency: an add writes {@code tok} and {@code next} before the CAS that publishes the node;
 * after that they change only under the owning list's lock, except in a detached batch, which only
 * the releasing thread touches (it clears {@code next} as it goes, so a handle kept after its release
 * keeps nothing else alive).
 */
abstract class Node implements Handle {

    /** The next older node; the chain ends in its {@link Epoch}. Cleared once the node left the chain. */
    Node next;

    /** Where the node stands: an {@link Epoch} or a {@link Retired} token; null before the add. */
    Object tok;

    /** @return what this is, for leak reports and messages */
    abstract String kind();

    /**
     * Runs the release.
     *
     * @param owner  the list's owner
     * @param reason why the list released it
     * @throws Exception what the action threw
     */
    abstract void run(Object owner, String reason) throws Exception;

    /**
     * What the list does when it drops the node without running it (remove, destroy): nothing, except
     * for a shared resource, whose list reference goes.
     *
     * @param reason why it was dropped
     * @throws Exception what a free that ran now threw
     */
    void dropped(String reason) throws Exception {
    }

    /** @return whether this is a group marker (not counted, not a resource) */
    boolean isMarker() {
        return false;
    }

    /** @return the registration number, or 0 if none was given (see {@link #number(int)}) */
    int order() {
        return 0;
    }

    /**
     * Gives the node its registration number: only adds made while someone listens, or in debug mode,
     * are numbered. Nodes without a field for it ignore the call (a plain action added then is made a
     * {@link NamedActionNode}, which has one).
     *
     * @param seq the number
     */
    void number(int seq) {
    }

    /**
     * The refusal of this node's add to a list closed for good: named by the call that adds it (an
     * alloc, a group's marker) where that differs from a plain add.
     *
     * @param ownerName the list's owner
     * @param reason    why the list was closed
     * @return the exception to throw
     */
    ListClosedException closedRefusal(String ownerName, String reason) {
        return ListErrors.closed(ownerName, Callbacks.nameOf(this), reason);
    }

    /** @return a name made without user code, for when {@link #name()} throws: the class of what it holds */
    String fallbackName() {
        return getClass().getSimpleName();
    }

    /** @return whether this is a named resource (its name is unique among the named ones on its list) */
    boolean isKeyed() {
        return false;
    }

    /** A racy snapshot; {@link ResourceList#contains(Handle)} gives the answer under the lock. */
    @Override
    public boolean isLive() {
        return tok instanceof Epoch e && e.isCurrent();
    }

    @Override
    public String toString() {
        int order = order();
        return kind() + " '" + Callbacks.nameOf(this) + "'" + (order != 0 ? " #" + order : "");
    }
}
