package org.devres4j.drm;

import java.util.Objects;

/**
 * One entry of a driver's ioctl table.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param nr      the ioctl number, not negative
 * @param name    its name, e.g. {@code "VGPU_READ_REG"}
 * @param handler its implementation
 */
public record Ioctl(int nr, String name, IoctlHandler handler) {

    /**
     * Checks the components.
     *
     * @param nr      the number
     * @param name    the name
     * @param handler the handler
     */
    public Ioctl {
        Objects.requireNonNull(name, "Ioctl: the name must not be null");
        Objects.requireNonNull(handler, "Ioctl '" + name + "': the handler must not be null");
        if (nr < 0) {
            throw new IllegalArgumentException("Ioctl '" + name + "': number " + nr + " is negative");
        }
    }
}
