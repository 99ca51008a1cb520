package org.devres4j.drm;

import java.util.Objects;

/**
 * One device node of a {@link DrmDevice} ({@code struct drm_minor}): its type and minor number, from which its
 * name ({@code card0}, {@code renderD128}) and its paths follow.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value; whether the node is published is its device's
 * registration ({@link DrmDevice#isRegistered()}).
 *
 * @param type  primary or render
 * @param minor the minor number
 */
public record DrmNode(DrmMinorType type, int minor) {

    /**
     * Checks the components.
     *
     * @param type  the type
     * @param minor the minor, not negative
     */
    public DrmNode {
        Objects.requireNonNull(type, "DrmNode: the type must not be null");
        if (minor < 0) {
            throw new IllegalArgumentException("DrmNode: minor " + minor + " is negative");
        }
    }

    /** @return the node's name, e.g. {@code card0} or {@code renderD128} */
    public String name() {
        return type.prefix() + minor;
    }

    /** @return its device node path, e.g. {@code /dev/dri/renderD128} */
    public String devPath() {
        return "/dev/dri/" + name();
    }

    /** @return its path in the DRM class directory, e.g. {@code /sys/class/drm/card0} */
    public String classPath() {
        return "/sys/class/drm/" + name();
    }
}
