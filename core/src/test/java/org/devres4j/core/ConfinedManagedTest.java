package org.devres4j.core;

/** {@link ManagedTest} against a list confined to the test's thread: the same behaviour, every call on the owner thread. */
class ConfinedManagedTest extends ManagedTest {
    @Override
    ListKind kind() {
        return ListKind.CONFINED;
    }
}
