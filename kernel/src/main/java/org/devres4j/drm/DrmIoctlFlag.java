package org.devres4j.drm;

/**
 * Flags of an {@link Ioctl} table entry (the kernel's {@code DRM_*} ioctl flags) that the dispatcher checks
 * before the handler runs.
 *
 * <p><b>Lifetime / order / concurrency:</b> constants; checked after the unplug check and the table lookup.
 */
public enum DrmIoctlFlag {
    /**
     * The ioctl may be issued on a render node ({@code DRM_RENDER_ALLOW}); without it a file opened on the
     * render node gets {@code EACCES}.
     */
    RENDER_ALLOW
}
