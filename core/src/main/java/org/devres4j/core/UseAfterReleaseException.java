package org.devres4j.core;

/**
 * Thrown when a {@link Managed} value is used after its owner's list released it — the Java form
 * of a KASAN use-after-free report. The message names the value, the owner, where it was allocated,
 * and where and why it was released.
 *
 * <p><b>Lifetime:</b> the value's life ended at its list's release; every later access throws this.
 * <b>Order:</b> a value is poisoned in its turn of the LIFO release, the moment its release starts —
 * before its destructor runs, so a read from the destructor's own code through the {@link Managed} throws
 * this too (the destructor gets the value as its argument).
 * <b>Concurrency:</b> an access racing the release may still see the value (as a pointer read racing
 * {@code kfree} may); once the release has poisoned it, every thread sees this exception.
 */
public final class UseAfterReleaseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String valueName;
    private final String ownerName;
    private final String allocatedAt;
    private final String releasedBy;

    UseAfterReleaseException(String valueName, String ownerName, String allocatedAt, String releasedBy) {
        super("use-after-release of '" + valueName + "' owned by '" + ownerName + "'"
                + "\n  allocated: " + allocatedAt
                + "\n  released:  " + releasedBy
                + "\n  the value lived only as long as its place on " + ownerName
                + "'s resource list; anything that must outlive that release needs a longer lifetime");
        this.valueName = valueName;
        this.ownerName = ownerName;
        this.allocatedAt = allocatedAt;
        this.releasedBy = releasedBy;
    }

    /** @return the released value's name */
    public String valueName() {
        return valueName;
    }

    /** @return the owner whose list released it */
    public String ownerName() {
        return ownerName;
    }

    /** @return where it was allocated (a stack in debug mode) */
    public String allocatedAt() {
        return allocatedAt;
    }

    /** @return where and why it was released */
    public String releasedBy() {
        return releasedBy;
    }
}
