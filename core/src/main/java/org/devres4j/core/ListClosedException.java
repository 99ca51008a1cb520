package org.devres4j.core;

/**
 * Thrown by an add to a {@link ResourceList} that its owner closed for good (a DRM device after its
 * last put).
 *
 * <p><b>Lifetime:</b> a closed list stays closed; every later add is refused the same way.
 * <b>Order:</b> nothing was added, so nothing joins the release order; {@code addOrReset} ran the
 * action at once, before throwing. <b>Concurrency:</b> an add racing the close either lands in the
 * final release or gets this exception — never neither.
 */
public final class ListClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ListClosedException(String message) {
        super(message);
    }
}
