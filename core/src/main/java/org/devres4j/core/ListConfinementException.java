package org.devres4j.core;

/**
 * Thrown by a call to a confined {@link ResourceList} (see {@link ResourceList.Builder#confined()}) from
 * a thread other than the list's owner thread — the thread that created it. The message names the list's
 * owner, the owner thread and the calling thread.
 *
 * <p><b>Lifetime:</b> a confined list stays confined to its owner thread for its whole life, closed or
 * not; the refusal is the same every time. <b>Order:</b> the call was refused before it read or changed
 * anything, so it takes no place in the list's release order and the list is exactly as it was.
 * <b>Concurrency:</b> thrown on the calling (foreign) thread; the owner thread's use of the list is not
 * disturbed by it.
 */
public final class ListConfinementException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String ownerName;

    ListConfinementException(String ownerName, String message) {
        super(message);
        this.ownerName = ownerName;
    }

    /** @return the name of the owner whose list refused the call (e.g. {@code "card0"}) */
    public String ownerName() {
        return ownerName;
    }
}
