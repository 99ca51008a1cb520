package org.devres4j.core;

/**
 * A zero-filled byte buffer owned by a {@link ResourceList}: the kernel's {@code devm_kzalloc(size)}
 * and {@code devm_kcalloc(n, size)}.
 *
 * <p><b>Lifetime:</b> as for {@link Managed}: every access after the owner's list released the
 * buffer throws {@link UseAfterReleaseException}. <b>Order:</b> released LIFO with the list.
 * <b>Concurrency:</b> accesses are not synchronised with each other (it is memory); they are checked
 * against release on every call.
 */
public interface ManagedBuffer extends Managed<byte[]> {

    /** @return the buffer's size in bytes */
    int size();

    /**
     * Reads one byte.
     *
     * @param index the offset
     * @return the byte at {@code index}
     * @throws UseAfterReleaseException  if the buffer was released
     * @throws IndexOutOfBoundsException if {@code index} is outside the buffer, naming the buffer
     */
    byte read(int index);

    /**
     * Writes one byte.
     *
     * @param index the offset
     * @param value the byte
     * @throws UseAfterReleaseException  if the buffer was released
     * @throws IndexOutOfBoundsException if {@code index} is outside the buffer, naming the buffer
     */
    void write(int index, byte value);
}
