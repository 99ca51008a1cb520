package org.devres4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/** {@link RefCount} as a CAS loop on one int. Zero is terminal: no transition ever leaves it. */
final class AtomicRefCount implements RefCount {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(AtomicRefCount.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Runnable release;
    @SuppressWarnings("unused") // accessed through COUNT
    private volatile int count = 1;

    AtomicRefCount(String name, Runnable release) {
        this.name = Objects.requireNonNull(name, "RefCount.create: the name must not be null");
        this.release = Objects.requireNonNull(release, "RefCount.create: the release callback of '" + name + "' must not be null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void get() {
        if (!tryGet()) {
            throw new IllegalReferenceCountException("get on '" + name
                    + "' refused: its count already reached 0 and it was released — a dead object cannot be revived");
        }
    }

    @Override
    public boolean tryGet() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c == 0) {
                return false;
            }
            if (c == Integer.MAX_VALUE) {
                throw new IllegalReferenceCountException("get on '" + name + "' refused: the count would overflow");
            }
            if (COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    @Override
    public boolean put() {
        for (;;) {
            int c = (int) COUNT.getVolatile(this);
            if (c == 0) {
                throw new IllegalReferenceCountException("put on '" + name
                        + "' refused: its count is already 0 — a reference can only be dropped once (count stays 0)");
            }
            if (COUNT.compareAndSet(this, c, c - 1)) {
                if (c == 1) {
                    release.run(); // exactly once: only one CAS can take the count from 1 to 0
                    return true;
                }
                return false;
            }
        }
    }

    @Override
    public int count() {
        return (int) COUNT.getVolatile(this);
    }

    @Override
    public String toString() {
        return "RefCount '" + name + "' = " + count();
    }
}
