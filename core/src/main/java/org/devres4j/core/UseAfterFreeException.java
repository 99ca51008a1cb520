package org.devres4j.core;

import java.util.Objects;

/**
 * Thrown when a reference-counted object (a DRM device after its final free, a bridge after its
 * destroy, a KMS object cleaned up with its drmm list) is used after its last reference was dropped.
 * It is the typed form of that refusal, so a sanitizer or a caller decides from the type and its
 * fields, never from the message text.
 *
 * <p><b>Lifetime:</b> the object named by {@link #objectName()} was released, exactly once, at its
 * last put; nothing revives it. <b>Order:</b> thrown before the operation touched anything: the state
 * is as it was. <b>Concurrency:</b> immutable.
 */
public class UseAfterFreeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String objectName;
    private final String operation;

    /**
     * Creates the refusal.
     *
     * @param objectName the object as reports name it (e.g. {@code "card0"}, {@code "bridge 'panel'"})
     * @param operation  what was refused (e.g. {@code "open"})
     * @param message    the full message: the object, the rule broken and what to do instead
     */
    public UseAfterFreeException(String objectName, String operation, String message) {
        super(message);
        this.objectName = Objects.requireNonNull(objectName, "objectName");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** @return the object used after its last put, as reports name it */
    public String objectName() {
        return objectName;
    }

    /** @return the refused operation */
    public String operation() {
        return operation;
    }
}
