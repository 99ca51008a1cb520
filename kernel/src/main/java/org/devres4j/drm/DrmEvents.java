package org.devres4j.drm;

/**
 * The fixed verbs of the DRM layer's trace events ({@link org.devres4j.core.TraceEvent#verb()}),
 * next to the core's {@code ADD} / {@code REL} / {@code DEL} / {@code FAIL} of the drmm list.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants. A device's events arrive in the order they
 * happen; at the last put the order is {@link #RELEASE}, {@link #DRIVER_RELEASE} (if the driver has
 * a hook), the drmm {@code REL} lines newest first, then {@link #FREE} — always the last event of a
 * device.
 */
public final class DrmEvents {
    private DrmEvents() {
    }

    /** A DRM device was allocated on a parent. */
    public static final String ALLOC = "ALLOC";
    /** An allocation failed and was unwound. */
    public static final String ALLOC_FAIL = "ALLOC-FAIL";
    /** Userspace interfaces published. */
    public static final String REGISTER = "REGISTER";
    /** Userspace interfaces withdrawn. */
    public static final String UNREGISTER = "UNREGISTER";
    /** A name published in the namespace. */
    public static final String PUBLISH = "PUBLISH";
    /** A name withdrawn from the namespace. */
    public static final String WITHDRAW = "WITHDRAW";
    /** Unplug started: the device is marked unplugged. */
    public static final String UNPLUG = "UNPLUG";
    /** Userspace mappings zapped to the dummy page. */
    public static final String ZAP = "ZAP";
    /** A file opened. */
    public static final String OPEN = "OPEN";
    /** A file closed. */
    public static final String CLOSE = "CLOSE";
    /** The last reference was dropped: teardown starts. */
    public static final String RELEASE = "RELEASE";
    /** The driver's release hook ran. */
    public static final String DRIVER_RELEASE = "DRIVER-RELEASE";
    /** The final free of the containing object: nothing of the device runs after it. */
    public static final String FREE = "FREE";
}
