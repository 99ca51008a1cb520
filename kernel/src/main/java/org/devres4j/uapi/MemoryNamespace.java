package org.devres4j.uapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.devres4j.uapi.spi.MinorPool;

/**
 * An in-memory {@link Namespace}: a sorted map of names to owners and a set of minors.
 *
 * <p><b>Lifetime / order:</b> as for {@link Namespace}. <b>Concurrency:</b> thread-safe (one lock).
 */
final class MemoryNamespace implements Namespace {
    private final String name;
    private final TreeMap<String, String> names = new TreeMap<>();
    private final MinorPool minors = new MinorPool();

    /**
     * @param name the namespace's name, for messages
     */
    MemoryNamespace(String name) {
        this.name = java.util.Objects.requireNonNull(name, "Namespace.inMemory: the name must not be null");
    }

    @Override
    public synchronized void publish(String path, String owner) {
        String held = names.get(path);
        if (held != null) {
            throw new ErrnoException(Errno.EEXIST, "'" + path + "' in namespace " + name + " is already held by " + held
                    + "; " + owner + " cannot register the same name twice — was the old one withdrawn when its device went away?");
        }
        names.put(path, owner);
    }

    @Override
    public synchronized boolean withdraw(String path) {
        return names.remove(path) != null;
    }

    @Override
    public synchronized Optional<String> owner(String path) {
        return Optional.ofNullable(names.get(path));
    }

    @Override
    public synchronized List<String> paths() {
        return new ArrayList<>(names.keySet());
    }

    @Override
    public synchronized int allocMinor(String owner, int first, int last) {
        int m = minors.alloc(first, last);
        if (m < 0) {
            throw new ErrnoException(Errno.ENOSPC, "allocMinor for " + owner + " in namespace " + name + " refused: every minor of ["
                    + first + ", " + last + "] is taken");
        }
        return m;
    }

    @Override
    public synchronized void freeMinor(int minor) {
        if (!minors.free(minor)) {
            throw new IllegalStateException("freeMinor " + minor + " in namespace " + name + " refused: it is not allocated");
        }
    }

    @Override
    public synchronized List<Integer> minors() {
        return minors.list();
    }

    @Override
    public String toString() {
        return "MemoryNamespace " + name + " " + paths();
    }
}
