package org.devres4j.drm;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.devres4j.core.Managed;
import org.devres4j.core.RefCount;
import org.devres4j.core.UseAfterFreeException;
import org.devres4j.driver.BoundDevice;

/**
 * A display bridge provided by a component driver (a panel or bridge chip bound to its own device)
 * and linked into a DRM device's display chain (seed 000).
 *
 * <p><b>Lifetime:</b> refcounted ({@link #create}): the provider holds one reference, every DRM
 * device that {@link #attach attaches} it holds one until its own last put, and the destroy callback
 * runs at the last put — so the provider unbinding while a DRM device still links the bridge is
 * safe. {@link #devmAlloc} is the buggy variant: the bridge's state lives on the provider's devres
 * list and dies at the provider's unbind, whoever still links it; the next use is a use-after-release.
 * <b>Order:</b> destroy runs after the last reference is gone. <b>Concurrency:</b> thread-safe.
 */
public final class Bridge {
    private final String name;
    private final RefCount ref;
    private final Supplier<State> state;

    private static final class State {
        private volatile boolean enabled;
        private final AtomicInteger enables = new AtomicInteger();
    }

    private Bridge(String name, Consumer<Bridge> destroy, Supplier<State> state) {
        this.name = name;
        this.state = state;
        this.ref = RefCount.create("bridge " + name, () -> {
            if (destroy != null) {
                destroy.accept(this);
            }
        });
    }

    /**
     * Creates a refcounted bridge with one reference, owned by the caller (the provider).
     *
     * @param name    its name
     * @param destroy runs once at the last put (may be null)
     * @return the bridge
     */
    public static Bridge create(String name, Consumer<Bridge> destroy) {
        Objects.requireNonNull(name, "Bridge.create: the name must not be null");
        State s = new State();
        Bridge[] self = new Bridge[1];
        self[0] = new Bridge(name, destroy, () -> {
            if (self[0].ref.isReleased()) {
                throw new UseAfterFreeException("bridge '" + name + "'", "use", "use of bridge '" + name
                        + "' after its last put destroyed it");
            }
            return s;
        });
        return self[0];
    }

    /**
     * The buggy variant: a bridge whose state is devm-allocated on the provider, so it is freed at the
     * provider's unbind even while a DRM device still links it (what drivers did before Linux 6.16's
     * refcounted bridges).
     *
     * @param provider the bound provider
     * @param name     its name
     * @return the bridge
     */
    public static Bridge devmAlloc(BoundDevice provider, String name) {
        Objects.requireNonNull(provider, "Bridge.devmAlloc: the provider must not be null");
        Managed<State> m = provider.devres().alloc("bridge " + name, State::new);
        return new Bridge(name, null, m::get);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** Takes a reference. */
    public void get() {
        ref.get();
    }

    /** Drops a reference; the last runs the destroy callback. */
    public void put() {
        ref.put();
    }

    /** @return the reference count */
    public int refCount() {
        return ref.count();
    }

    /** @return whether the last put destroyed it */
    public boolean isDestroyed() {
        return ref.isReleased();
    }

    /**
     * Links the bridge into a DRM device's chain: the device holds a reference until its last put
     * (a drmm action drops it).
     *
     * @param drm the device
     */
    public void attach(DrmDevice drm) {
        get();
        drm.managed().addOrReset("bridge-put " + name, d -> put());
    }

    /**
     * Enables the bridge (a modeset reaching it); touches its state.
     *
     * @throws UseAfterFreeException (or {@link org.devres4j.core.UseAfterReleaseException}) if its
     *                               state is gone
     */
    public void enable() {
        State s = state.get();
        s.enabled = true;
        s.enables.incrementAndGet();
    }

    /**
     * @return how many times it was enabled (every {@link #enable()} counts, from any thread)
     * @throws UseAfterFreeException (or {@link org.devres4j.core.UseAfterReleaseException}) if its
     *                               state is gone
     */
    public int enableCount() {
        return state.get().enables.get();
    }

    /** Disables it. */
    public void disable() {
        state.get().enabled = false;
    }

    /** @return whether it is enabled */
    public boolean isEnabled() {
        return state.get().enabled;
    }

    @Override
    public String toString() {
        return "Bridge " + name + " refs " + ref.count();
    }
}
