package org.devres4j.drm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;

/**
 * The open files and userspace mappings of one {@link DrmDevice}: {@code drm_open}/{@code drm_release} of
 * {@code drm_file.c}, and the mapping list that unplug zaps.
 *
 * <p><b>Lifetime:</b> a file holds a device reference from {@link #open} until its release (the last put of
 * the file: its close, or the end of the last call in flight on it); a mapping holds its own device reference
 * from mmap to the end of its munmap. <b>Order:</b> file ids count up from 1 per device; zapping happens after
 * unplug waited for every section. <b>Concurrency:</b> thread-safe (atomic counters, concurrent set).
 */
final class DrmFiles {
    private final DrmDevice drm;
    private final Set<DrmMapping> mappings = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    DrmFiles(DrmDevice drm) {
        this.drm = drm;
    }

    DrmFile open(DrmMinorType type) {
        DrmNode node = drm.node(type).orElseThrow(() -> new ErrnoException(Errno.ENOENT, "open of the " + type
                + " node of " + drm.name() + " refused: driver '" + drm.driver().name() + "' has no such node"
                + (type == DrmMinorType.RENDER ? " (no RENDER feature)" : "")));
        if (!drm.life().tryGet()) {
            throw new ErrnoException(Errno.ENODEV, "open of " + node.name() + " (" + drm.name() + ") refused: the device was released");
        }
        if (!drm.isRegistered() || drm.isUnplugged()) {
            String why = drm.isUnplugged() ? "it was unplugged" : "it is not registered";
            drm.put();
            throw new ErrnoException(Errno.ENODEV, "open of " + node.name() + " (" + drm.name() + ") refused: " + why
                    + "; no reference was kept");
        }
        DrmFile f = new DrmFile(drm, ids.incrementAndGet(), node);
        open.incrementAndGet();
        drm.emit(DrmEvents.OPEN, "file" + f.id(), node.name());
        return f;
    }

    int openFiles() {
        return open.get();
    }

    /* the file's last put: its close, or the end of the last call in flight when it was closed */
    void released(DrmFile f) {
        open.decrementAndGet();
        drm.emit(DrmEvents.CLOSE, "file" + f.id(), "");
        drm.put();
    }

    void mapped(DrmMapping m) {
        mappings.add(m);
        if (drm.isUnplugged()) {
            m.zap();
        }
    }

    void unmapped(DrmMapping m) {
        mappings.remove(m);
    }

    int liveMappings() {
        return mappings.size();
    }

    /* @return how many mappings this call zapped */
    int zapAll() {
        int zapped = 0;
        for (DrmMapping m : mappings) {
            if (m.zap()) {
                zapped++;
            }
        }
        return zapped;
    }
}
