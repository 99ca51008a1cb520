package org.devres4j.linux;

/**
 * A hot-plug event source cannot be opened here: the JDK is older than the source needs, the classes of
 * the JDK 22+ part are not on the class path, this is not Linux, or the kernel refused the socket.
 *
 * <p><b>Lifetime, order, concurrency:</b> an exception: thrown by the factory that tried; nothing was
 * opened, nothing needs closing. The message names the source and the reason.
 */
public final class HotplugUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message names the source and the reason
     * @param cause   the underlying failure, or null
     */
    public HotplugUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
