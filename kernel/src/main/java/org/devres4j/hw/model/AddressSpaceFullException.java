package org.devres4j.hw.model;

/**
 * An allocation the {@link AddressSpace} has no room for: the size cannot fit below the end of its physical
 * address space at all, or no free range of that size is left there now. Typed, so that a caller (the
 * simulator's plug step) decides from the type and the fields, not from the message.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable exception; the refused allocation assigned nothing.
 */
public final class AddressSpaceFullException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String owner;
    private final long size;
    private final int addressBits;

    AddressSpaceFullException(String owner, long size, int addressBits, String message) {
        super(message);
        this.owner = owner;
        this.size = size;
        this.addressBits = addressBits;
    }

    /** @return the device the range was asked for */
    public String owner() {
        return owner;
    }

    /** @return the size asked for, in bytes (before rounding up to a page) */
    public long size() {
        return size;
    }

    /** @return the physical address width of the space that refused it */
    public int addressBits() {
        return addressBits;
    }
}
