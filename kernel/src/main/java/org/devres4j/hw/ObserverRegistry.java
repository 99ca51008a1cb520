package org.devres4j.hw;

import java.util.Arrays;

/*
 * Design
 *
 * Lifetime: an observer is in the array from add until its handle is closed (a second close does
 * nothing). Order: report calls the observers in registration order. Concurrency: the array is
 * copy-on-write behind a volatile field; add and remove copy it under the class lock, report reads
 * the field once and walks that snapshot — no iterator, no lock, no allocation on the access path,
 * and {@link #active()} is one volatile read, so a view builds its MmioAccess only when somebody
 * will see it.
 */
/** The process-wide list of {@link AccessObserver}s. */
final class ObserverRegistry {
    private static final AccessObserver[] NONE = new AccessObserver[0];
    private static final Object LOCK = new Object();
    private static volatile AccessObserver[] observers = NONE;

    private ObserverRegistry() {
    }

    static AutoCloseable add(AccessObserver o) {
        if (o == null) {
            throw new NullPointerException("AccessObserver.register: the observer must not be null");
        }
        synchronized (LOCK) {
            AccessObserver[] now = observers;
            AccessObserver[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = o;
            observers = next;
        }
        return () -> remove(o);
    }

    private static void remove(AccessObserver o) {
        synchronized (LOCK) {
            AccessObserver[] now = observers;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == o) {
                    AccessObserver[] next = new AccessObserver[now.length - 1];
                    System.arraycopy(now, 0, next, 0, i);
                    System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                    observers = next.length == 0 ? NONE : next;
                    return;
                }
            }
        }
    }

    /** @return whether any observer is registered right now (one volatile read) */
    static boolean active() {
        return observers.length != 0;
    }

    static void report(MmioAccess a) {
        for (AccessObserver o : observers) {
            o.onAccess(a);
        }
    }
}
