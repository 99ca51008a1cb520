package org.devres4j.hw;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link AccessObserver}s of one {@link Hardware}: every hardware implementation owns one and returns
 * it from {@link Hardware#observers()}; the views of {@link IoMapping}s of that hardware report each access
 * to it. Observation is per hardware object, so two simulated worlds in one JVM never see each other's
 * accesses.
 *
 * <p><b>Lifetime:</b> an observer is called from {@link #add} until its handle is closed (a second close
 * does nothing). <b>Order:</b> observers are called in registration order, before the access is performed.
 * <b>Concurrency:</b> thread-safe. The observer array is copy-on-write behind a volatile field: adds and
 * removes copy it under this object's lock; reporting reads the field once and walks that snapshot — no
 * lock, no iterator and no allocation on the access path, and {@link #isObserved()} is one volatile read,
 * so a view builds its {@link MmioAccess} only when somebody will see it.
 */
public final class AccessObservers {
    private final Object lock = new Object();
    private volatile AccessObserver[] observers = new AccessObserver[0];

    /** Creates an empty set: nothing is observed. */
    public AccessObservers() {
    }

    /**
     * Registers an observer for every access through a mapping of this hardware.
     *
     * @param observer the observer
     * @return closing it unregisters the observer
     * @throws NullPointerException if the observer is null
     */
    public AutoCloseable add(AccessObserver observer) {
        Objects.requireNonNull(observer, "AccessObservers.add: the observer must not be null");
        synchronized (lock) {
            AccessObserver[] now = observers;
            AccessObserver[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = observer;
            observers = next;
        }
        boolean[] closed = {false};
        return () -> {
            synchronized (lock) {
                if (!closed[0]) {
                    closed[0] = true;
                    remove(observer);
                }
            }
        };
    }

    /* under the lock: drops the first registration of this observer */
    private void remove(AccessObserver o) {
        AccessObserver[] now = observers;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == o) {
                AccessObserver[] next = new AccessObserver[now.length - 1];
                System.arraycopy(now, 0, next, 0, i);
                System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                observers = next;
                return;
            }
        }
    }

    /** @return whether an access would be reported to an observer right now */
    public boolean isObserved() {
        return observers.length != 0;
    }

    /* called by the views, on the accessing thread */
    void report(MmioAccess access) {
        for (AccessObserver o : observers) {
            o.onAccess(access);
        }
    }
}
