package org.devres4j.core;

/** The size checks of managed buffers ({@code devm_kzalloc}, and {@code devm_kcalloc}'s overflow check). */
final class Sizes {

    private Sizes() {
    }

    /** @return {@code size} as an array length, or an error naming the buffer, the owner and the rule */
    static int bytes(String ownerName, String name, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("allocBytes('" + name + "') on '" + ownerName + "': size " + size
                    + " refused — a managed buffer must be at least 1 byte (a zero-size allocation has nothing to manage)");
        }
        if (size > ManagedResources.MAX_BUFFER) {
            throw new IllegalArgumentException("allocBytes('" + name + "') on '" + ownerName + "': size " + size
                    + " exceeds the largest buffer, " + ManagedResources.MAX_BUFFER + " bytes");
        }
        return (int) size;
    }

    /** @return {@code count × elementSize} as an array length, or an error (zero, negative, overflow, too large) */
    static int array(String ownerName, String name, long count, long elementSize) {
        if (count <= 0 || elementSize <= 0) {
            throw new IllegalArgumentException("allocArray('" + name + "') on '" + ownerName + "': count " + count
                    + " and element size " + elementSize + " must both be at least 1");
        }
        long total;
        try {
            total = Math.multiplyExact(count, elementSize);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("allocArray('" + name + "') on '" + ownerName + "': " + count + " × "
                    + elementSize + " bytes overflows (the kmalloc_array overflow check)");
        }
        if (total > ManagedResources.MAX_BUFFER) {
            throw new IllegalArgumentException("allocArray('" + name + "') on '" + ownerName + "': " + count + " × "
                    + elementSize + " = " + total + " bytes exceeds the largest buffer, " + ManagedResources.MAX_BUFFER + " bytes");
        }
        return (int) total;
    }
}
