package org.devres4j.core;

/** {@link CallbackFailureTest} against a list confined to the test's thread: every callback kind × every operation. */
class ConfinedCallbackFailureTest extends CallbackFailureTest {
    @Override
    ListKind kind() {
        return ListKind.CONFINED;
    }
}
