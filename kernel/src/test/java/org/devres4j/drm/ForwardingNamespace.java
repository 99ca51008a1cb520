package org.devres4j.drm;

import org.devres4j.uapi.Namespace;
import java.util.List;
import java.util.Optional;

/** A test namespace that forwards everything to an in-memory one; tests override what they hook (the driver tests too). */
public class ForwardingNamespace implements Namespace {
    /** The in-memory namespace everything goes to. */
    protected final Namespace inner;

    /** @param name the in-memory namespace's name */
    public ForwardingNamespace(String name) {
        inner = Namespace.inMemory(name);
    }

    @Override
    public void publish(String path, String owner) {
        inner.publish(path, owner);
    }

    @Override
    public boolean withdraw(String path) {
        return inner.withdraw(path);
    }

    @Override
    public Optional<String> owner(String path) {
        return inner.owner(path);
    }

    @Override
    public List<String> paths() {
        return inner.paths();
    }

    @Override
    public int allocMinor(String owner, int first, int last) {
        return inner.allocMinor(owner, first, last);
    }

    @Override
    public void freeMinor(int minor) {
        inner.freeMinor(minor);
    }

    @Override
    public List<Integer> minors() {
        return inner.minors();
    }
}
