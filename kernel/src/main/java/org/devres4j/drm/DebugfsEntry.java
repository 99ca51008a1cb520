package org.devres4j.drm;

import java.util.Objects;
import java.util.function.Supplier;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * A debugfs-like file of a {@link DrmDevice}: {@code /sys/kernel/debug/dri/<minor>/name}, which reads the driver's
 * name and the parent device ({@code drm_name_info}: {@code "vgpu dev=vgpu0 unique=vgpu0"}) — what userspace
 * health checks read after a rebind or a rescan to see which driver now serves which device.
 *
 * <p><b>Lifetime:</b> present while its device is registered — published at {@link DrmDevice#register()} with
 * the device nodes and withdrawn at unregister or unplug; a read when it is not present fails with
 * {@link Errno#ENOENT}, as opening a path that is gone does. <b>Order:</b> none. <b>Concurrency:</b> thread-safe;
 * a read racing an unregister sees the file or {@code ENOENT}.
 */
public final class DebugfsEntry {
    private final DrmDevice drm;
    private final String path;
    private final Supplier<String> content;

    DebugfsEntry(DrmDevice drm, String path, Supplier<String> content) {
        this.drm = drm;
        this.path = path;
        this.content = content;
    }

    /** @return the full path, e.g. {@code /sys/kernel/debug/dri/0/name} */
    public String path() {
        return path;
    }

    /** @return whether it is published: its device is registered and holds the path */
    public boolean isPresent() {
        return drm.isRegistered() && drm.namespace().owner(path).filter(drm.name()::equals).isPresent();
    }

    /**
     * Reads the file.
     *
     * @return its text, one line ending in a newline
     * @throws ErrnoException with {@link Errno#ENOENT} if it is not present (the device is not registered)
     */
    public String read() {
        if (!isPresent()) {
            throw new ErrnoException(Errno.ENOENT, "read of " + path + " refused: " + drm.name() + " is not registered "
                    + "(the debugfs entry is published from register to unregister or unplug)");
        }
        return Objects.requireNonNull(content.get());
    }

    @Override
    public String toString() {
        return "DebugfsEntry " + path + (isPresent() ? "" : " (not present)");
    }
}
