package org.devres4j.hw;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The process-wide list of {@link AccessObserver}s. */
final class ObserverRegistry {
    private static final List<AccessObserver> OBSERVERS = new CopyOnWriteArrayList<>();

    private ObserverRegistry() {
    }

    static AutoCloseable add(AccessObserver o) {
        Objects.requireNonNull(o, "AccessObserver.register: the observer must not be null");
        OBSERVERS.add(o);
        return () -> OBSERVERS.remove(o);
    }

    static void report(MmioAccess a) {
        for (AccessObserver o : OBSERVERS) {
            o.onAccess(a);
        }
    }
}
