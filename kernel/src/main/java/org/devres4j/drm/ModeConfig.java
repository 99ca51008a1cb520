package org.devres4j.drm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The KMS objects of one {@link DrmDevice} and the ids userspace sees them by: {@code drm_mode_config} (ids
 * are per device, as the kernel's mode-object idr is).
 *
 * <p><b>Lifetime:</b> an object is listed from its {@code drmm_*_init} to its drmm cleanup at the device's
 * last put. <b>Order:</b> creation order; ids count up from {@value #FIRST_ID} per device. <b>Concurrency:</b>
 * thread-safe (copy-on-write list, atomic id).
 */
final class ModeConfig {
    static final int FIRST_ID = 30;

    private final List<ModeObject> objects = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(FIRST_ID);

    int nextId() {
        return ids.getAndIncrement();
    }

    void add(ModeObject o) {
        objects.add(o);
    }

    void remove(ModeObject o) {
        objects.remove(o);
    }

    <T extends ModeObject> List<T> ofType(Class<T> t) {
        return objects.stream().filter(t::isInstance).map(t::cast).toList();
    }
}
