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

    /**
     * Whether the resource is still on its list. A racy snapshot, on either kind of list and from any
     * thread (a confined list's owner thread included — this read is not refused): the answer may be
     * stale by the time it is used; {@link ResourceList#contains(Handle)} answers under the list's rules.
     *
     * @return whether the resource is still on its list (not yet released or removed)
     */
    boolean isLive();
}
