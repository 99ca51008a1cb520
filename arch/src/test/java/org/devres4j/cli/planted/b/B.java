package org.devres4j.cli.planted.b;

import org.devres4j.cli.planted.a.A;

/** Planted violation: the other half of a package cycle (b → a → b). Test code only. */
public final class B {
    /** @return the first half */
    public A other() {
        return new A();
    }
}
