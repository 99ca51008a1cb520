package org.devres4j.drm;

import java.util.Map;
import java.util.WeakHashMap;
import org.devres4j.driver.Bus;

/** The per-bus namespaces behind {@link DrmNamespace#of}; guarded by the map's own monitor. */
final class Namespaces {
    static final Map<Bus, DrmNamespace> BY_BUS = new WeakHashMap<>();

    private Namespaces() {
    }
}
