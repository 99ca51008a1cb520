package org.devres4j.core;

/** A zero-filled byte buffer owned by a list. */
final class BufferNode extends ManagedNode<byte[]> implements ManagedBuffer {

    BufferNode(String name, String ownerName, byte[] bytes) {
        super(name, ownerName, bytes, null);
    }

    @Override
    public int size() {
        return value.length;
    }

    @Override
    public byte read(int index) {
        checkLive();
        checkIndex(index);
        return value[index];
    }

    @Override
    public void write(int index, byte b) {
        checkLive();
        checkIndex(index);
        value[index] = b;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= value.length) {
            throw new IndexOutOfBoundsException("buffer '" + name() + "' of '" + ownerName() + "' has "
                    + value.length + " bytes: index " + index + " is out of bounds");
        }
    }

    @Override
    String kind() {
        return "buffer";
    }
}
