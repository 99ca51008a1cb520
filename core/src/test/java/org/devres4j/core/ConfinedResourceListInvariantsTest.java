package org.devres4j.core;

/** {@link ResourceListInvariantsTest} against a list confined to the test's thread: the same behaviour, every call on the owner thread. */
class ConfinedResourceListInvariantsTest extends ResourceListInvariantsTest {
    @Override
    ListKind kind() {
        return ListKind.CONFINED;
    }
}
