package org.devres4j.core;

/**
 * What {@link ResourceList#add(String, Release)} returns: a reference to one registered resource,
 * used to {@link ResourceList#remove(Handle) remove} or {@link ResourceList#release(Handle)
 * release} it early.
 *
 * <p><b>Lifetime:</b> a handle is live from its add until its list releases or removes it; after
 * that every operation on it is refused with an error naming the owner and the rule.
 * <b>Order:</b> handles keep their registration order; the list releases the newest first.
 * <b>Concurrency:</b> handles are immutable for callers and safe to pass between threads.
 */
public interface Handle {

    /** @return the resource's name as traces and reports print it */
    String name();

    /** @return whether the resource is still on its list (not yet released or removed) */
    boolean isLive();
}
