package org.devres4j.drm;

/**
 * A buffer object (a GEM object): zero-filled memory a file creates and userspace maps.
 *
 * <p><b>Lifetime:</b> lives while a file handle or a mapping refers to it (memory; the garbage
 * collector frees it). <b>Order:</b> none. <b>Concurrency:</b> byte accesses are not synchronised
 * with each other, as memory.
 */
public final class DrmBuffer {
    /** The largest buffer size. */
    public static final int MAX_SIZE = 1 << 26;

    private final String name;
    private final byte[] data;

    DrmBuffer(String name, int size) {
        this.name = name;
        this.data = new byte[size];
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the size in bytes */
    public int size() {
        return data.length;
    }

    /**
     * @param index an offset
     * @return the byte
     * @throws IndexOutOfBoundsException naming the buffer
     */
    public byte read(int index) {
        check(index);
        return data[index];
    }

    /**
     * @param index an offset
     * @param value the byte
     * @throws IndexOutOfBoundsException naming the buffer
     */
    public void write(int index, byte value) {
        check(index);
        data[index] = value;
    }

    private void check(int index) {
        if (index < 0 || index >= data.length) {
            throw new IndexOutOfBoundsException("offset " + index + " is outside buffer '" + name + "' of " + data.length + " bytes");
        }
    }

    @Override
    public String toString() {
        return "DrmBuffer " + name + " (" + data.length + " bytes)";
    }
}
