package org.devres4j.uapi;

/**
 * The error numbers userspace sees from the kernel model, with their Linux values.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
public enum Errno {
    /** No such file or directory (an unknown object id or handle). */
    ENOENT(2),
    /** Out of memory. */
    ENOMEM(12),
    /** Device or resource busy. */
    EBUSY(16),
    /** File exists (a name registered twice). */
    EEXIST(17),
    /** No such device (unplugged, or not registered). */
    ENODEV(19),
    /** Invalid argument (unknown ioctl, mmap out of range ...). */
    EINVAL(22);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** @return the positive Linux value, e.g. 19 for ENODEV */
    public int code() {
        return code;
    }
}
