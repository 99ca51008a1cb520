package org.devres4j.core;

import java.util.Objects;

/**
 * A release action for a resource owned by an {@code O}: the kernel's {@code dr_release_t} /
 * {@code drmres_release_t}, typed by its owner.
 *
 * <p><b>Lifetime:</b> an action registered on a {@link ResourceList} runs at most once, when the
 * list releases it (unbind, last put, explicit release) and never after it was removed.
 * <b>Order:</b> a list runs its actions newest first. <b>Concurrency:</b> actions run on the thread
 * that triggers the release, never while the list's lock is held, so an action may add to or
 * query the list it belongs to (an add made during a release lands in the next release).
 *
 * <p>The owner type parameter is the point of the type: a {@code Release<DrmDevice>} cannot be
 * registered on a {@code ResourceList<Device>}, which is the devm/drmm mix-up that C review had to
 * catch by hand.
 *
 * <p>Every action has a {@link #name() name} (the kernel's {@code #action} string) that traces and
 * reports print. Give one with {@link #named(String, Release)} or the {@code add(name, action)}
 * overloads; a bare lambda is named after the class that declares it.
 *
 * @param <O> the owner type
 */
@FunctionalInterface
public interface Release<O> {

    /**
     * Releases the resource.
     *
     * @param owner the owner whose list is releasing this action
     * @throws Exception any failure; the list keeps releasing the rest and reports it
     */
    void release(O owner) throws Exception;

    /**
     * The name printed by traces and reports. The default derives one from the implementing class.
     *
     * @return a short, human-readable name
     */
    default String name() {
        return Names.of(this);
    }

    /**
     * Gives an action a fixed name, so that one shared instance can be added many times cheaply.
     *
     * @param name   the name traces and reports print
     * @param action the action
     * @param <O>    the owner type
     * @return a named action that delegates to {@code action}
     * @throws NullPointerException if either argument is null
     */
    static <O> Release<O> named(String name, Release<O> action) {
        Objects.requireNonNull(name, "Release.named: the name must not be null");
        Objects.requireNonNull(action, "Release.named: the action must not be null");
        return new NamedRelease<>(name, action);
    }
}
