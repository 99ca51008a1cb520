package org.devres4j.drm;

import java.util.Objects;

/**
 * A failure a userspace caller sees as an errno: thrown by {@link DrmDevice#open()}, by
 * {@link DrmFile#mmap}, and by ioctl handlers (the dispatcher turns it into a {@link Result}).
 *
 * <p><b>Lifetime / order / concurrency:</b> an ordinary exception; nothing was kept or changed by
 * the operation that threw it.
 */
public final class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    /**
     * @param errno   the error number
     * @param message what failed, naming the device and the rule
     */
    public ErrnoException(Errno errno, String message) {
        super(Objects.requireNonNull(errno, "errno") + ": " + message);
        this.errno = errno;
    }

    /** @return the error number */
    public Errno errno() {
        return errno;
    }
}
