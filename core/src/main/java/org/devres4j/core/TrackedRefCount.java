package org.devres4j.core;

/**
 * The count {@link LeakDetector#track(RefCount)} hands back: it forwards to the watched count, its gets
 * and puts are touches of its tracker, and its last put closes the tracker.
 *
 * <p><b>Lifetime:</b> as long as the watched count; the tracker is set once, before the count is handed
 * out. <b>Order:</b> a get is touched after it succeeded; a put is touched before it runs, and the tracker
 * closes after the put that released the count. <b>Concurrency:</b> as the watched count; the tracker is
 * safe from any thread.
 */
final class TrackedRefCount implements RefCount {
    private final RefCount count;
    LeakDetector.Tracker tracker = LeakDetector.Tracker.NONE; // set once, before the object is handed out

    TrackedRefCount(RefCount count) {
        this.count = count;
    }

    @Override
    public String name() {
        return count.name();
    }

    @Override
    public void get() {
        count.get();
        tracker.touch("get");
    }

    @Override
    public boolean tryGet() {
        boolean got = count.tryGet();
        if (got) {
            tracker.touch("get");
        }
        return got;
    }

    @Override
    public boolean put() {
        tracker.touch("put");
        try {
            return count.put();
        } finally {
            if (count.isReleased()) {
                tracker.close();
            }
        }
    }

    @Override
    public int count() {
        return count.count();
    }

    @Override
    public String toString() {
        return count + " (leak-tracked)";
    }
}
