package org.devres4j.linux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JDK 17 hot-plug source: lists {@code /sys/class/<subsystem>} every interval and reports the
 * difference with the previous listing. A name that vanished is a {@code remove}; a new name is an
 * {@code add}; a name whose directory now has another inode number (removed and added again between two
 * scans) is a {@code remove} followed by an {@code add}. Only new or changed names are described (their
 * {@code uevent} file read); a known name costs one {@code stat} per scan. A new directory is reported by the
 * second scan that sees it (with the same inode): the kernel creates a device's directory before its
 * attribute files and announces the device only once they exist, so a directory seen once may be half made.
 * A removal is reported by the first scan that misses it.
 *
 * <p><b>Lifetime:</b> takes its first snapshot when made; scans while {@link #await()} is called; holds no
 * file open between scans. <b>Order:</b> within one scan, removals first (by name), then additions (by
 * name). <b>Concurrency:</b> one thread awaits; {@link #close()} from any thread wakes it at once.
 */
final class SysfsScanSource implements HotplugSource {

    private record Known(long inode, KernelEvent added) {
    }

    private final Sysfs sysfs;
    private final String subsystem;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /* @GuardedBy("lock") */
    private boolean closed;
    /* only the awaiting thread touches these */
    private Map<String, Known> known;
    /* names seen by the latest scan only, with their inode: reported if the next scan sees the same */
    private Map<String, Long> pending = Map.of();
    private long nextScan;

    SysfsScanSource(Sysfs sysfs, String subsystem, Duration interval) {
        this.sysfs = Objects.requireNonNull(sysfs, "sysfs rescan: the sysfs tree must not be null");
        this.subsystem = Sysfs.requireElement("subsystem", subsystem);
        Objects.requireNonNull(interval, "sysfs rescan: the interval must not be null");
        if (interval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("sysfs rescan of '" + subsystem + "': the interval " + interval
                    + " is refused: it must be at least 1 ms");
        }
        this.intervalNanos = interval.toNanos();
        this.known = scan(Map.of(), null);
        this.nextScan = System.nanoTime() + intervalNanos;
    }

    @Override
    public String subsystem() {
        return subsystem;
    }

    @Override
    public KernelEvent.Origin origin() {
        return KernelEvent.Origin.SCAN;
    }

    @Override
    public String describe() {
        return "sysfs rescan of " + sysfs.classDir(subsystem) + " every " + TimeUnit.NANOSECONDS.toMillis(intervalNanos) + " ms";
    }

    @Override
    public List<KernelEvent> await() throws InterruptedException {
        while (true) {
            lock.lock();
            try {
                long wait;
                while (!closed && (wait = nextScan - System.nanoTime()) > 0) {
                    wake.awaitNanos(wait);
                }
                if (closed) {
                    return List.of();
                }
            } finally {
                lock.unlock();
            }
            long now = System.nanoTime();
            nextScan = Math.max(nextScan + intervalNanos, now + intervalNanos / 2);
            List<KernelEvent> events = new ArrayList<>();
            known = scan(known, events);
            if (!events.isEmpty()) {
                return events;
            }
        }
    }

    /*
     * One listing: returns the new snapshot and appends the difference to events (removals, then additions);
     * with events null, the baseline: every device there is known at once and nothing is reported.
     */
    private Map<String, Known> scan(Map<String, Known> before, List<KernelEvent> events) {
        boolean baseline = events == null;
        Map<String, Known> now = new HashMap<>();
        Map<String, Long> newPending = new HashMap<>();
        List<String> gone = new ArrayList<>();
        List<KernelEvent> added = new ArrayList<>();
        Path dir = sysfs.classDir(subsystem);
        for (String name : sysfs.names(subsystem)) {
            OptionalLong ino = Sysfs.inode(dir.resolve(name));
            if (ino.isEmpty()) {
                continue; // vanished while listing
            }
            Known old = before.get(name);
            if (old != null && old.inode == ino.getAsLong()) {
                now.put(name, old);
                continue;
            }
            if (!baseline && !Long.valueOf(ino.getAsLong()).equals(pending.get(name))) {
                newPending.put(name, ino.getAsLong()); // seen once: maybe half made; report it on the next scan
                if (old != null) {
                    gone.add(name);
                }
                continue;
            }
            sysfs.describe(subsystem, name, KernelEvent.Origin.SCAN).ifPresent(e -> {
                now.put(name, new Known(ino.getAsLong(), e));
                added.add(e);
            });
        }
        pending = newPending;
        if (baseline) {
            return now;
        }
        for (Map.Entry<String, Known> e : before.entrySet()) {
            Known k = now.get(e.getKey());
            if ((k == null || k != e.getValue()) && !gone.contains(e.getKey())) {
                gone.add(e.getKey());
            }
        }
        gone.sort(null);
        long t = System.nanoTime();
        for (String name : gone) {
            KernelEvent a = before.get(name).added;
            Map<String, String> props = new HashMap<>(a.properties());
            props.put("ACTION", "remove");
            events.add(new KernelEvent(KernelEvent.Action.REMOVE, a.devpath(), subsystem, KernelEvent.NO_SEQNUM, props,
                    KernelEvent.Origin.SCAN, t));
        }
        added.sort((x, y) -> x.name().compareTo(y.name()));
        events.addAll(added);
        return now;
    }

    @Override
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SysfsScanSource[" + describe() + (isClosed() ? ", closed" : "") + "]";
    }
}
