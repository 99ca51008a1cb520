package org.devres4j.sim;

/**
 * A userspace mapping of a buffer: touching it reads or writes the buffer (or the dummy page).
 *
 * <p><b>Lifetime:</b> from the mmap to {@link #unmap()}. <b>Order:</b> touches in step order.
 * <b>Concurrency:</b> used on the world's thread.
 */
interface UserMap {

    /** @return what it maps, for the log */
    String describe();

    /**
     * Touches the mapping.
     *
     * @return the byte read, or {@code written} / {@code dropped} for a write
     */
    CallResult touch(boolean write);

    /** Drops the mapping (munmap); idempotent. */
    void unmap();
}
