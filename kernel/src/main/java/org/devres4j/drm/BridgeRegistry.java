package org.devres4j.drm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where providers publish bridges and DRM drivers find them ({@code drm_bridge_add} /
 * {@code of_drm_find_bridge}).
 *
 * <p><b>Lifetime:</b> a bridge is findable from {@link #add} to {@link #remove}; {@link #find}
 * takes a reference for the finder. <b>Order:</b> none. <b>Concurrency:</b> thread-safe.
 */
public final class BridgeRegistry {
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();

    /** Creates an empty registry. */
    public BridgeRegistry() {
    }

    /**
     * Publishes a bridge.
     *
     * @param b the bridge
     * @throws IllegalStateException if its name is taken
     */
    public synchronized void add(Bridge b) {
        Objects.requireNonNull(b, "BridgeRegistry.add: the bridge must not be null");
        if (bridges.putIfAbsent(b.name(), b) != null) {
            throw new IllegalStateException("BridgeRegistry.add of '" + b.name() + "' refused: the name is taken");
        }
    }

    /**
     * Withdraws a bridge (its provider unbinds); holders keep their references.
     *
     * @param b the bridge
     * @return whether it was published
     */
    public synchronized boolean remove(Bridge b) {
        return bridges.remove(b.name(), b);
    }

    /**
     * Finds a bridge and takes a reference on it for the caller.
     *
     * @param name the name
     * @return the bridge, referenced
     */
    public synchronized Optional<Bridge> find(String name) {
        Bridge b = bridges.get(name);
        if (b == null) {
            return Optional.empty();
        }
        b.get();
        return Optional.of(b);
    }
}
