package org.devres4j.hw;

import java.util.Arrays;

/*
 * Design
 *
 * Lifetime: an observer is in the array from add until its handle is closed (a second close does
 * nothing). An observer may be scoped to one Hardware: it then sees only the accesses through
 * mappings of that hardware (a simulated world watches its own devices, on whatever thread they are
 * touched). Order: report calls the observers in registration order. Concurrency: the array is
 * copy-on-write behind a volatile field; add and remove copy it under the class lock, report reads
 * the field once and walks that snapshot — no iterator, no lock, no allocation on the access path,
 * and {@link #wants} is one volatile read and a walk of that snapshot, so a view builds its
 * MmioAccess only when somebody will see it.
 */
/** The process-wide list of {@link AccessObserver}s, each for every access or for one {@link Hardware}'s. */
final class ObserverRegistry {
    /** One registration: the observer and the hardware it is scoped to (null: every access). */
    private record Entry(Hardware scope, AccessObserver observer) {
        boolean wants(Hardware hardware) {
            return scope == null || scope == hardware;
        }
    }

    private static final Entry[] NONE = new Entry[0];
    private static final Object LOCK = new Object();
    private static volatile Entry[] observers = NONE;

    private ObserverRegistry() {
    }

    static AutoCloseable add(Hardware scope, AccessObserver o) {
        if (o == null) {
            throw new NullPointerException("AccessObserver.register: the observer must not be null");
        }
        Entry e = new Entry(scope, o);
        synchronized (LOCK) {
            Entry[] now = observers;
            Entry[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = e;
            observers = next;
        }
        return () -> remove(e);
    }

    private static void remove(Entry e) {
        synchronized (LOCK) {
            Entry[] now = observers;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == e) {
                    Entry[] next = new Entry[now.length - 1];
                    System.arraycopy(now, 0, next, 0, i);
                    System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                    observers = next.length == 0 ? NONE : next;
                    return;
                }
            }
        }
    }

    /**
     * @param hardware the hardware a mapping came from
     * @return whether any observer would see an access through it right now (a walk of the snapshot,
     *         no allocation)
     */
    static boolean wants(Hardware hardware) {
        for (Entry e : observers) {
            if (e.wants(hardware)) {
                return true;
            }
        }
        return false;
    }

    static void report(Hardware hardware, MmioAccess a) {
        for (Entry e : observers) {
            if (e.wants(hardware)) {
                e.observer().onAccess(a);
            }
        }
    }
}
