package org.devres4j.core;

/** {@link GroupSemanticsTest} against a list confined to the test's thread: the same behaviour, every call on the owner thread. */
class ConfinedGroupSemanticsTest extends GroupSemanticsTest {
    @Override
    ListKind kind() {
        return ListKind.CONFINED;
    }
}
