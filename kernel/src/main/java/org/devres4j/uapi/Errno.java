package org.devres4j.uapi;

/**
 * The error numbers userspace sees from the kernel model, with their Linux values.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
public enum Errno {
    /** No such file or directory (an unknown object id or handle, a name that is not published). */
    ENOENT(2),
    /** Try again (a bind whose probe was deferred: the device waits on the deferred-probe list). */
    EAGAIN(11),
    /** Out of memory. */
    ENOMEM(12),
    /** Permission denied (an ioctl a render node does not allow). */
    EACCES(13),
    /** Device or resource busy (a bind to a device that already has a driver). */
    EBUSY(16),
    /** File exists (a name registered twice). */
    EEXIST(17),
    /** No such device (unplugged, or not registered). */
    ENODEV(19),
    /** Invalid argument (unknown ioctl, mmap out of range ...). */
    EINVAL(22),
    /** No space left (every minor number of a range is taken). */
    ENOSPC(28);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** @return the positive Linux value, e.g. 19 for ENODEV */
    public int code() {
        return code;
    }
}
