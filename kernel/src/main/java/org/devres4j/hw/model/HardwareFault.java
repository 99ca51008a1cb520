package org.devres4j.hw.model;

import org.devres4j.hw.AccessContext;

/**
 * One access the {@link MemoryHardware} model saw that broke the hardware's lifetime: through a mapping that
 * was unmapped, to addresses whose device is gone or now belongs to another device, or an interrupt
 * delivered to a handler whose device is gone. Typed, so a sanitizer decides from the fields.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value, recorded in the order the accesses happened.
 *
 * @param kind       what went wrong
 * @param source     the mapping's name (e.g. {@code vgpu0:bar0}) or the line's ({@code irq 32 'vgpu'})
 * @param device     the device the mapping was made for, or the handler requested for
 * @param offset     the register offset (0 for an interrupt)
 * @param write      true for a write
 * @param value      the value written (0 for a read)
 * @param context    where the access was made (null for an interrupt)
 * @param assignment the address assignment the mapping was made for (null for an interrupt)
 * @param now        the assignment covering the address now (null: none, or an interrupt)
 * @param irq        the line number, or -1 for an MMIO access
 * @param handler    for {@link Kind#STALE_IRQ}: the name the stale handler was requested under (the
 *                   {@code request_irq} name, e.g. {@code vgpu}); null for an MMIO access
 */
public record HardwareFault(Kind kind, String source, String device, long offset, boolean write, int value,
                            AccessContext context, AddressSpace.Range assignment, AddressSpace.Range now, int irq,
                            String handler) {

    /** The ways an access breaks the hardware's lifetime. */
    public enum Kind {
        /** Through a raw mapping that was unmapped. */
        UNMAPPED,
        /** To addresses no device holds any more: reads all-ones, writes vanish. */
        GONE,
        /** To addresses now assigned to another device: the access lands in that device's registers. */
        REASSIGNED,
        /** An interrupt ran the handler a device that is gone requested, on a line now assigned to another. */
        STALE_IRQ
    }

    /** @return the device the addresses (or the line) belong to now, or null */
    public String nowOwner() {
        return now == null ? null : now.owner();
    }

    @Override
    public String toString() {
        if (kind == Kind.STALE_IRQ) {
            return "irq " + irq + " (handler '" + handler + "', requested by " + device + "): " + device
                    + " is gone; the interrupt ran its stale handler";
        }
        String where = (write ? "write32" : "read32") + " " + source + "+0x" + Long.toHexString(offset) + " [" + context + "]";
        switch (kind) {
            case UNMAPPED:
                return where + ": the mapping was unmapped";
            case GONE:
                return where + ": " + device + " is gone; the access hit an empty range (reads all-ones)";
            default:
                return where + ": the range now belongs to " + nowOwner() + "; a stale mapping of " + device + " reached it";
        }
    }
}
