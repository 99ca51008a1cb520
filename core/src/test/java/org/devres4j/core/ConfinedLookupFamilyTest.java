package org.devres4j.core;

/** {@link LookupFamilyTest} against a list confined to the test's thread: the same behaviour, every call on the owner thread. */
class ConfinedLookupFamilyTest extends LookupFamilyTest {
    @Override
    ListKind kind() {
        return ListKind.CONFINED;
    }
}
