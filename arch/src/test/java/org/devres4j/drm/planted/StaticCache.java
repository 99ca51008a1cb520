package org.devres4j.drm.planted;

import java.util.ArrayList;
import java.util.List;

/** Planted violation: static mutable state in the kernel layer (a shared cache). Test code only. */
public final class StaticCache {
    /** Shared by every world in the JVM: exactly what the rule forbids. */
    public static final List<String> SEEN = new ArrayList<>();

    private StaticCache() {
    }
}
