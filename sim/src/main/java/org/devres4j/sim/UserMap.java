package org.devres4j.sim;

/** A userspace mapping of a buffer: touching it reads or writes the buffer (or the dummy page). */
interface UserMap {

    /** @return what it maps, for the log */
    String describe();

    /**
     * Touches the mapping.
     *
     * @return {@code ok:VALUE} of the word read (or written)
     */
    String touch(boolean write);

    /** Drops the mapping (munmap); idempotent. */
    void unmap();
}
