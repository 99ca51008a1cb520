package org.devres4j.core;

/**
 * One entry of a {@link LinkedResourceList}: a release action, a managed value or a group marker.
 *
 * <p>Layout: a plain action node is three fields on a 12-byte header — {@code next}, {@code seq},
 * {@code action} — so 24 bytes with compressed oops. Names, data and stacks live in subclasses or
 * in the list's debug side table, so the common case stays that small.
 *
 * <p>Concurrency: an add writes both fields before the CAS that publishes the node; after that they
 * change under the owning list's lock, except while a detached batch is being run, when only the
 * releasing thread touches them.
 */
abstract class Node implements Handle {

    /**
     * The next older node; the list's {@link Terminal} ends the chain. Null before the add; once the
     * node is detached (run or dropped) it points to its list's terminal, so a walk from any handle
     * finds the list it belongs to.
     */
    Node next;

    /**
     * The registration number: 0 before the add, positive while on a list, negated once the node
     * was detached (released or removed). Written by the pushing thread before the CAS that publishes
     * the node; negated under the list lock, or by the releasing thread as its walk reaches the node.
     */
    int seq;

    /** @return what this is, for leak reports */
    abstract String kind();

    /**
     * Runs the release.
     *
     * @param owner  the list's owner
     * @param reason why the list released it
     * @throws Exception what the action threw
     */
    abstract void run(Object owner, String reason) throws Exception;

    /** @return whether this is a group marker (not counted, not a resource) */
    boolean isMarker() {
        return false;
    }

    /** A racy snapshot; {@link ResourceList#contains(Handle)} gives the answer under the lock. */
    @Override
    public boolean isLive() {
        return seq > 0;
    }

    @Override
    public String toString() {
        return kind() + " '" + name() + "'" + (seq != 0 ? " #" + Math.abs(seq) : "");
    }
}
