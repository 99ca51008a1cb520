package org.devres4j.hw;

/**
 * One register access, as reported to {@link AccessObserver}s before it reaches the hardware.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value, reported on the accessing thread,
 * in program order for that thread.
 *
 * @param mapping  the mapping's name
 * @param device   the name of the device the mapping was made for
 * @param offset   the register offset
 * @param write    true for a write
 * @param value    the value written (0 for a read)
 * @param context  where the access happened
 * @param mapped   whether the mapping was still mapped (false: use after unmap)
 * @param guard    a description of the guard (the section, the bound device, or "unguarded")
 */
public record MmioAccess(String mapping, String device, long offset, boolean write, int value,
                         AccessContext context, boolean mapped, String guard) {

    /** @return whether a checker should flag this access: unguarded, or after unmap */
    public boolean suspicious() {
        return context == AccessContext.UNGUARDED || !mapped;
    }

    @Override
    public String toString() {
        return (write ? "write32 " : "read32  ") + mapping + "+0x" + Long.toHexString(offset)
                + (write ? " = 0x" + Integer.toHexString(value) : "") + " [" + context + (mapped ? "" : ", UNMAPPED")
                + "] via " + guard;
    }
}
