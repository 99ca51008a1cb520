package org.devres4j.core.planted;

import org.devres4j.driver.Bus;

/** Planted violation of the layering: a core class that reaches up into the kernel. Test code only. */
public final class CoreUsesTheKernel {
    private CoreUsesTheKernel() {
    }

    /** @return a bus, which core must not know */
    public static Bus upward() {
        return new Bus("planted");
    }
}
