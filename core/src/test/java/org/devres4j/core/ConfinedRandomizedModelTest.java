package org.devres4j.core;

/** {@link RandomizedModelTest} against a list confined to the test's thread: the same model, the same answers. */
class ConfinedRandomizedModelTest extends RandomizedModelTest {
    @Override
    ListKind kind() {
        return ListKind.CONFINED;
    }
}
