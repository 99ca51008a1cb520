package org.devres4j.drm;

import org.devres4j.uapi.Errno;

/**
 * What an ioctl returns to userspace: a value, or an error number.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param value   the value (0 on error)
 * @param errno   the error, or null on success
 * @param message why it failed (empty on success)
 */
public record Result(long value, Errno errno, String message) {

    /**
     * @param value the value
     * @return a success
     */
    public static Result ok(long value) {
        return new Result(value, null, "");
    }

    /**
     * @param errno   the error
     * @param message why
     * @return a failure
     */
    public static Result error(Errno errno, String message) {
        return new Result(0, java.util.Objects.requireNonNull(errno, "Result.error: the errno must not be null"), message == null ? "" : message);
    }

    /** @return whether it succeeded */
    public boolean isOk() {
        return errno == null;
    }

    @Override
    public String toString() {
        return isOk() ? "ok(" + value + ")" : "-" + errno + " (" + message + ")";
    }
}
