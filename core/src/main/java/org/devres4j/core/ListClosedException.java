package org.devres4j.core;

/**
 * Thrown by an add to a {@link ResourceList} that its owner closed for good (a DRM device after its
 * last put). Nothing was added; {@code addOrReset} ran the action before throwing.
 */
public final class ListClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ListClosedException(String message) {
        super(message);
    }
}
