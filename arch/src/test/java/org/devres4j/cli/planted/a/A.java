package org.devres4j.cli.planted.a;

import org.devres4j.cli.planted.b.B;

/** Planted violation: half of a package cycle (a → b → a). Test code only. */
public final class A {
    /** @return the other half */
    public B other() {
        return new B();
    }
}
