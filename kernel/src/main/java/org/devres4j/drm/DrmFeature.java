package org.devres4j.drm;

/**
 * Feature flags a {@link DrmDriver} declares (the kernel's {@code DRIVER_*}).
 *
 * <p><b>Lifetime / order / concurrency:</b> constants.
 */
public enum DrmFeature {
    /** Kernel mode setting: connectors, encoders, CRTCs, planes. */
    MODESET,
    /** Buffer objects that files create and mmap. */
    GEM,
    /** Atomic mode setting. */
    ATOMIC,
    /** A render node. */
    RENDER
}
