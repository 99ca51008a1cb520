package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;
import org.devres4j.uapi.spi.MinorPool;

/**
 * The world's sysfs-style namespace and /dev nodes, the namespace the world's bus is made with ({@link Namespace}): a
 * path registered while it is still registered is refused with EEXIST (seed 004) and reported to
 * the sanitizer, naming who holds it and since when. Minors are the lowest free number.
 * Single-threaded, like the world.
 */
final class SimNamespace implements Namespace {

    /** Who holds a path, and since which step. */
    record Entry(String owner, String since) {
    }

    /** What the world hears about a refused registration. */
    interface Conflicts {
        void exists(String path, Entry holder, String newcomer);
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final MinorPool minors = new MinorPool();
    private final EventLog log;
    private final Conflicts conflicts;

    SimNamespace(EventLog log, Conflicts conflicts) {
        this.log = log;
        this.conflicts = conflicts;
    }

    @Override
    public void publish(String path, String owner) {
        checkPath(path);
        Entry holder = entries.get(path);
        if (holder != null) {
            conflicts.exists(path, holder, owner);
            throw new ErrnoException(Errno.EEXIST, "'" + path + "' is already registered by '" + holder.owner
                    + "' (since " + holder.since + "); '" + owner + "' cannot register the same name in the same directory");
        }
        entries.put(path, new Entry(owner, log.here()));
    }

    @Override
    public boolean withdraw(String path) {
        Entry e = entries.remove(path);
        if (e != null) {
            log.add("NS   withdraw " + path + " (" + e.owner + ")");
        }
        return e != null;
    }

    @Override
    public Optional<String> owner(String path) {
        Entry e = entries.get(path);
        return e == null ? Optional.empty() : Optional.of(e.owner);
    }

    Optional<Entry> entry(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    @Override
    public List<String> paths() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public int allocMinor(String owner, int first, int last) {
        int m = minors.alloc(first, last);
        if (m < 0) {
            throw new ErrnoException(Errno.ENOSPC, "namespace: every minor of [" + first + ", " + last + "] is taken ("
                    + owner + ")");
        }
        return m;
    }

    @Override
    public void freeMinor(int minor) {
        if (!minors.free(minor)) {
            throw new IllegalStateException("namespace: minor " + minor + " is not allocated");
        }
    }

    @Override
    public List<Integer> minors() {
        return minors.list();
    }

    private static void checkPath(String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("namespace: '" + path
                    + "' is not an absolute path without a trailing slash");
        }
    }
}
