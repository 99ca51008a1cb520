package org.devres4j.drm.planted;

/** Planted violation: a non-final static field in the kernel layer. Test code only. */
public final class NonFinalStatic {
    /** A counter every world shares. */
    public static int counter;

    private NonFinalStatic() {
    }
}
