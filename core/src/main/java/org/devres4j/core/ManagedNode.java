package org.devres4j.core;

import java.util.function.Consumer;

/**
 * A value owned by a list. Poisoned (the {@code released} flag) the moment its release starts — before
 * its destructor runs — so every {@link #get()} from then on, the destructor's own included, throws a
 * {@link UseAfterReleaseException} naming both ends of its life. The destructor receives the value as
 * its argument; it has no need to read it through the {@link Managed}.
 */
class ManagedNode<T> extends NumberedNode implements Managed<T> {
    private final String name;
    private final String ownerName;
    private final Consumer<? super T> destructor;
    private final String allocThread;
    private final String allocStack;
    final T value;

    /** Written once, before the releasing write of {@code released}. */
    private String releasedBy;

    /** The poison bit. Its volatile write publishes {@code releasedBy} to any later reader. */
    private volatile boolean released;

    ManagedNode(String name, String ownerName, T value, Consumer<? super T> destructor) {
        this.name = name;
        this.ownerName = ownerName;
        this.value = value;
        this.destructor = destructor;
        this.allocThread = Thread.currentThread().getName();
        this.allocStack = Diagnostics.captureStacks() ? Diagnostics.stackHere() : null;
    }

    @Override
    public T get() {
        checkLive();
        return value;
    }

    final void checkLive() {
        if (released) { // volatile read: pairs with the write in run()
            throw new UseAfterReleaseException(name, ownerName, allocatedAt(), releasedBy);
        }
    }

    private String allocatedAt() {
        String where = (order() != 0 ? "#" + order() + " " : "") + "on '" + ownerName + "', thread '" + allocThread + "'";
        return allocStack != null ? where + "\n    " + allocStack.replace("\n", "\n    ")
                : where + " (run with -Ddevres4j.debug=true for the stack)";
    }

    /** On the list and not poisoned: a removed value (handed back, as devres_remove does) is not live either. */
    @Override
    public boolean isLive() {
        return !released && super.isLive();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String ownerName() {
        return ownerName;
    }

    @Override
    ListClosedException closedRefusal(String ownerName, String reason) {
        return ListErrors.closed(ownerName, "alloc", Callbacks.nameOf(this), reason);
    }

    @Override
    String kind() {
        return "managed";
    }

    /** Poisons first, then destroys: from the start of its release the value reads as released. */
    @Override
    void run(Object owner, String reason) {
        String by = reason + " of '" + ownerName + "' on thread '" + Thread.currentThread().getName() + "'";
        if (Diagnostics.captureStacks()) {
            by += "\n    " + Diagnostics.stackHere().replace("\n", "\n    ");
        }
        releasedBy = by;
        released = true; // volatile write: publishes releasedBy; every later get() throws, the destructor's too
        if (destructor != null) {
            destructor.accept(value);
        }
    }
}
