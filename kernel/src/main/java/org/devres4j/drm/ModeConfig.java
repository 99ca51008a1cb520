package org.devres4j.drm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The KMS objects of one {@link DrmDevice} and the ids userspace sees them by: {@code drm_mode_config} (ids
 * are per device, as the kernel's mode-object idr is), set up by {@link Kms#modeConfigInit}
 * ({@code drmm_mode_config_init}) before any KMS object.
 *
 * <p><b>Lifetime:</b> initialized once, by {@code modeConfigInit}, whose drmm action
 * ({@code drm_mode_config_cleanup}) ends it at the device's last put; an object is listed from its
 * {@code drmm_*_init} to its drmm cleanup. <b>Order:</b> creation order; ids count up from {@value #FIRST_ID} per
 * device; the mode config's cleanup was added before every object's, so it runs after them and finds them gone.
 * <b>Concurrency:</b> thread-safe (copy-on-write list, atomic id, the init decided under this object's monitor).
 */
final class ModeConfig {
    static final int FIRST_ID = 30;

    private final List<ModeObject> objects = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(FIRST_ID);
    private volatile boolean initialized;
    private volatile boolean cleanedUp;

    boolean isInitialized() {
        return initialized;
    }

    /* drmm_mode_config_init: once per device; its cleanup is a drmm action */
    void init(DrmDevice drm) {
        drm.checkAlive("Kms.modeConfigInit");
        synchronized (this) {
            if (initialized || cleanedUp) {
                throw new IllegalStateException("Kms.modeConfigInit on " + drm.name() + " refused: its mode config was already "
                        + "initialized — drmm_mode_config_init runs once per device, and its cleanup at the last put");
            }
            initialized = true;
        }
        drm.managed().addOrReset("drm_mode_config_cleanup", d -> cleanup());
    }

    /* drm_mode_config_cleanup: objects still listed (none, when every one was made by a drmm_*_init) go too */
    private void cleanup() {
        for (ModeObject o : objects) {
            o.cleanup();
        }
        synchronized (this) {
            initialized = false;
            cleanedUp = true;
        }
    }

    void requireInitialized(DrmDevice drm, String kind, String name) {
        if (!initialized) {
            throw new IllegalStateException("Kms." + kind + " '" + name + "' on " + drm.name() + " refused: its mode config is "
                    + "not initialized — call Kms.modeConfigInit (drmm_mode_config_init) before creating KMS objects");
        }
    }

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
