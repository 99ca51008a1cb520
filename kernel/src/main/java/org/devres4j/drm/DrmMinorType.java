package org.devres4j.drm;

/**
 * The kinds of device node a {@link DrmDevice} has (the kernel's {@code enum drm_minor_type}): the primary node
 * {@code /dev/dri/card<N>} every DRM device has, and the render node {@code /dev/dri/renderD<N>} of a driver with
 * {@link DrmFeature#RENDER} — unprivileged, for rendering only: an ioctl not flagged
 * {@link DrmIoctlFlag#RENDER_ALLOW} is refused on it with {@code EACCES}.
 *
 * <p><b>Lifetime:</b> a node's minor is allocated with its device and freed at its last put; the node is
 * published at {@link DrmDevice#register()} and withdrawn at unregister or unplug, together with the primary
 * node. <b>Order:</b> minors are the lowest free number of the type's range — primary 0–63, render 128–191 — and,
 * once that range is full, of the shared extended range from {@value #EXTENDED_FIRST} (as {@code drm_minor_alloc}
 * does since Linux 6.8). <b>Concurrency:</b> constants.
 */
public enum DrmMinorType {
    /** The primary node, {@code card<N>}, minors 0–63. */
    PRIMARY("card", 0, 63),
    /** The render node, {@code renderD<N>}, minors 128–191. */
    RENDER("renderD", 128, 191);

    /** The first minor of the extended range both types fall back to once their own range is full. */
    public static final int EXTENDED_FIRST = 192;
    /** The last minor of the extended range (20 minor bits). */
    public static final int EXTENDED_LAST = (1 << 20) - 1;

    private final String prefix;
    private final int first;
    private final int last;

    DrmMinorType(String prefix, int first, int last) {
        this.prefix = prefix;
        this.first = first;
        this.last = last;
    }

    /** @return the node name's prefix: {@code card} or {@code renderD} */
    public String prefix() {
        return prefix;
    }

    /** @return the first minor of the type's own range */
    public int first() {
        return first;
    }

    /** @return the last minor of the type's own range */
    public int last() {
        return last;
    }
}
