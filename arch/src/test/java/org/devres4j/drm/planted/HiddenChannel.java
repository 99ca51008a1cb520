package org.devres4j.drm.planted;

/** Planted violation: a ThreadLocal in the kernel layer, the hidden channel the rule forbids. Test code only. */
public final class HiddenChannel {
    private final ThreadLocal<String> context = new ThreadLocal<>();

    /** @return the calling thread's context */
    public String current() {
        return context.get();
    }
}
