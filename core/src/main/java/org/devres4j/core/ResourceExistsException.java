package org.devres4j.core;

/**
 * Thrown when a named resource is added to a list that already holds a named resource of that name: the
 * kernel's {@code -EEXIST} for KUnit's named resources. Nothing was added; the resource already there is
 * untouched.
 *
 * <p><b>Lifetime:</b> the name is free again once the named resource holding it is released, removed or
 * destroyed. <b>Order:</b> thrown before anything changed. <b>Concurrency:</b> of two racing adds of
 * one name exactly one succeeds and the other gets this.
 */
public final class ResourceExistsException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String ownerName;
    private final String resourceName;

    ResourceExistsException(String ownerName, String resourceName, String message) {
        super(message);
        this.ownerName = ownerName;
        this.resourceName = resourceName;
    }

    /** @return the owner whose list already holds the name */
    public String ownerName() {
        return ownerName;
    }

    /** @return the name that is taken */
    public String resourceName() {
        return resourceName;
    }
}
