package org.devres4j.drm;

import java.util.Objects;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;

/**
 * A sysfs-style entry a driver creates under its parent device's directory (like xe's
 * {@code tile0}): a name in its bus's {@link Namespace}.
 *
 * <p><b>Lifetime:</b> present from {@link #create} to {@link #remove()}. Its name is per parent
 * device, not per DRM device, so its removal belongs to devres (it must be gone when the binding
 * ends); tying the removal to drmm makes a re-probe fail with {@link Errno#EEXIST} while an old file
 * keeps the old DRM device alive — the xe bug of seed 004. <b>Order:</b> none. <b>Concurrency:</b>
 * thread-safe.
 */
public final class SysfsEntry {
    private final Namespace namespace;
    private final String path;
    private final String owner;
    private volatile boolean present = true;

    private SysfsEntry(Namespace namespace, String path, String owner) {
        this.namespace = namespace;
        this.path = path;
        this.owner = owner;
    }

    /**
     * Creates an entry under the device's parent.
     *
     * @param drm  the DRM device
     * @param name the entry name
     * @return the entry
     * @throws ErrnoException {@link Errno#EEXIST} if the name is held (by a stale instance, say)
     */
    public static SysfsEntry create(DrmDevice drm, String name) {
        Objects.requireNonNull(drm, "SysfsEntry.create: the device must not be null");
        Objects.requireNonNull(name, "SysfsEntry.create: the name must not be null");
        drm.checkAlive("SysfsEntry.create '" + name + "'");
        String path = DrmRegistration.sysfsPath(drm.parent()) + "/" + name;
        drm.namespace().publish(path, drm.name());
        drm.emit(DrmEvents.PUBLISH, path, "");
        return new SysfsEntry(drm.namespace(), path, drm.name());
    }

    /** @return the full path */
    public String path() {
        return path;
    }

    /** @return whether it is present */
    public boolean isPresent() {
        return present;
    }

    /**
     * Removes the entry.
     *
     * @throws IllegalStateException if already removed
     */
    public void remove() {
        synchronized (this) {
            if (!present) {
                throw new IllegalStateException("remove of sysfs entry '" + path + "' (" + owner + ") refused: it was already removed");
            }
            present = false;
        }
        namespace.withdraw(path);
    }

    @Override
    public String toString() {
        return "SysfsEntry " + path + (present ? "" : " (removed)");
    }
}
