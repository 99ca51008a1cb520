package org.devres4j.core;

/**
 * The two kinds of {@link ResourceList}, for behaviour tests that run against both: a test class makes its
 * lists through {@link #create} and a subclass overrides the kind (see {@code ConfinedListBehaviourTest}).
 * A confined list is confined to the thread that makes it — the test's own thread, since JUnit makes the
 * test instance on the thread that runs the test.
 */
enum ListKind {
    SHARED,
    CONFINED;

    <O> ResourceList.Builder<O> builder(O owner, String ownerName) {
        ResourceList.Builder<O> b = ResourceList.builder(owner, ownerName);
        return this == CONFINED ? b.confined() : b;
    }

    <O> ResourceList<O> create(O owner, String ownerName) {
        return builder(owner, ownerName).create();
    }

    <O> ResourceList<O> create(O owner, String ownerName, TraceListener listener) {
        return builder(owner, ownerName).listener(listener).create();
    }
}
