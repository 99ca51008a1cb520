package org.devres4j.uapi;

import java.util.Objects;

/**
 * A failure a userspace caller sees as an errno, carrying its {@link Errno} as a field: thrown by a
 * namespace refusing a held name ({@link Errno#EEXIST}), by a DRM device's open and a file's mmap, and by
 * ioctl handlers (the DRM dispatcher turns it into an ioctl result). Callers decide by {@link #errno()},
 * never by the message.
 *
 * <p><b>Lifetime:</b> nothing was kept or changed by the operation that threw it. <b>Order:</b> thrown
 * before the operation changed anything. <b>Concurrency:</b> immutable.
 */
public final class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    /**
     * @param errno   the error number
     * @param message what failed, naming the device and the rule
     */
    public ErrnoException(Errno errno, String message) {
        super(Objects.requireNonNull(errno, "ErrnoException: the errno must not be null") + ": " + message);
        this.errno = errno;
    }

    /** @return the error number */
    public Errno errno() {
        return errno;
    }
}
