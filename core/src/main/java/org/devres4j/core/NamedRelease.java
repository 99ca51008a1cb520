package org.devres4j.core;

/** A {@link Release} with a fixed name; one shared instance can be added many times. */
final class NamedRelease<O> implements Release<O> {
    private final String name;
    private final Release<O> delegate;

    NamedRelease(String name, Release<O> delegate) {
        this.name = name;
        this.delegate = delegate;
    }

    @Override
    public void release(O owner) throws Exception {
        delegate.release(owner);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
