package org.devres4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A shared resource on a list: its own count, starting at the list's one reference. Running it (the
 * list's release) and dropping it (the list's removal) both give the list's reference back; the put that
 * reaches zero runs the free. Zero is terminal: no transition leaves it.
 */
final class SharedNode<T> extends NumberedNode implements SharedResource<T> {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(SharedNode.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final String ownerName;
    private final T value;
    private final Consumer<? super T> free;
    @SuppressWarnings("unused") // accessed through COUNT
    private volatile int count = 1;

    SharedNode(String name, String ownerName, T value, Consumer<? super T> free) {
        this.name = name;
        this.ownerName = ownerName;
        this.value = value;
        this.free = free;
    }

    @Override
    public T value() {
        if (count() == 0) {
            throw new UseAfterFreeException(describe(), "value", "value of " + describe()
                    + " refused: its last reference was dropped and it was freed — take a reference with get() while"
                    + " you use it, and put() it when done");
        }
        return value;
    }

    @Override
    public void get() {
        if (!tryGet()) {
            throw new IllegalReferenceCountException("get on " + describe()
                    + " refused: its count already reached 0 and it was freed — a freed resource cannot be revived");
        }
    }

    @Override
    public boolean tryGet() {
        for (;;) {
            int c = count();
            if (c == 0) {
                return false;
            }
            if (c == Integer.MAX_VALUE) {
                throw new IllegalReferenceCountException("get on " + describe() + " refused: the count would overflow");
            }
            if (COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    @Override
    public boolean put() {
        for (;;) {
            int c = count();
            if (c == 0) {
                throw new IllegalReferenceCountException("put on " + describe()
                        + " refused: its count is already 0 — a reference can only be dropped once (count stays 0)");
            }
            if (COUNT.compareAndSet(this, c, c - 1)) {
                if (c == 1 && free != null) {
                    free.accept(value); // exactly once: only one CAS takes the count from 1 to 0
                }
                return c == 1;
            }
        }
    }

    @Override
    public int count() {
        return (int) COUNT.getVolatile(this);
    }

    private String describe() {
        return "shared resource '" + name + "' of '" + ownerName + "'";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    String kind() {
        return "shared";
    }

    /** The list's release: its reference goes; the free runs now if nobody else holds one. */
    @Override
    void run(Object owner, String reason) {
        put();
    }

    /** The list's removal drops its reference too (kunit_remove_resource). */
    @Override
    void dropped(String reason) {
        put();
    }

    @Override
    public boolean isLive() {
        return super.isLive();
    }
}
