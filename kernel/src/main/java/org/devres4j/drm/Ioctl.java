package org.devres4j.drm;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of a driver's ioctl table.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param nr      the ioctl number, not negative
 * @param name    its name, e.g. {@code "VGPU_READ_REG"}
 * @param handler its implementation
 * @param flags   what the dispatcher checks before the handler runs (e.g. {@link DrmIoctlFlag#RENDER_ALLOW})
 */
public record Ioctl(int nr, String name, IoctlHandler handler, Set<DrmIoctlFlag> flags) {

    /**
     * Checks the components; the flags are copied.
     *
     * @param nr      the number
     * @param name    the name
     * @param handler the handler
     * @param flags   the flags
     */
    public Ioctl {
        Objects.requireNonNull(name, "Ioctl: the name must not be null");
        Objects.requireNonNull(handler, "Ioctl '" + name + "': the handler must not be null");
        Objects.requireNonNull(flags, "Ioctl '" + name + "': the flags must not be null (empty for none)");
        if (nr < 0) {
            throw new IllegalArgumentException("Ioctl '" + name + "': number " + nr + " is negative");
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    /**
     * An entry without flags (allowed on the primary node only).
     *
     * @param nr      the number
     * @param name    the name
     * @param handler the handler
     */
    public Ioctl(int nr, String name, IoctlHandler handler) {
        this(nr, name, handler, Set.of());
    }

    /** @return whether a file opened on the render node may issue it ({@link DrmIoctlFlag#RENDER_ALLOW}) */
    public boolean renderAllowed() {
        return flags.contains(DrmIoctlFlag.RENDER_ALLOW);
    }
}
