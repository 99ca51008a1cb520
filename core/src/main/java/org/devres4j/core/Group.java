package org.devres4j.core;

/**
 * A devres group: a marked stretch of a {@link ResourceList} that can be released or dissolved as a
 * unit (the kernel's {@code devres_open_group}/{@code close}/{@code remove}/{@code release_group}).
 *
 * <p><b>Lifetime:</b> a group spans everything added between its open marker and its close marker —
 * or up to the end of the list while it is still open. Releasing it releases every resource in that
 * stretch, including groups nested wholly inside it; removing it drops only the markers and keeps
 * the resources. A list-wide release also ends every group. <b>Order:</b> a group releases newest
 * first, like the list. <b>Concurrency:</b> all methods take the owning list's lock; a group of a
 * confined list is used on its owner thread only, like the list (another thread's call is refused with a
 * {@link ListConfinementException}).
 */
public interface Group {

    /** @return the id the group was opened with (the group itself if none was given) */
    Object id();

    /** @return whether the group's open marker is on the list and its close marker is not */
    boolean isOpen();

    /** @return whether the group is still on its list (neither released nor removed) */
    boolean isLive();

    /** Closes the group: later adds no longer belong to it. See {@link ResourceList#closeGroup(Object)}. */
    void close();

    /**
     * Releases the group. See {@link ResourceList#releaseGroup(Object)}.
     *
     * @return the number of resources released
     */
    int release();

    /** Dissolves the group and keeps its resources. See {@link ResourceList#removeGroup(Object)}. */
    void remove();
}
