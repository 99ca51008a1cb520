package org.devres4j.core;

/**
 * Thrown by a {@link RefCount} asked to go below zero, or to take a reference on an object that
 * already reached zero and was released (Netty's {@code IllegalReferenceCountException} is the Java
 * precedent). The count is left as it was.
 *
 * <p><b>Lifetime:</b> zero is terminal: a released object is never revived. <b>Order:</b> the release
 * callback already ran, exactly once, at the put that reached zero. <b>Concurrency:</b> thrown by the
 * losing side of a race, without touching the count.
 */
public final class IllegalReferenceCountException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    IllegalReferenceCountException(String message) {
        super(message);
    }
}
