package org.devres4j.core;

/**
 * A release action that takes a data argument: the kernel's {@code devm_add_action(dev, fn, data)}
 * pair. The list finds such an action again by the pair (action, data), compared by identity, as
 * the kernel compares function and data pointers.
 *
 * <p><b>Lifetime, order, concurrency:</b> as for {@link Release}. To find the pair again, keep the
 * action in a constant: a method reference evaluated twice may give two different objects.
 *
 * @param <O> the owner type
 * @param <D> the data type
 */
@FunctionalInterface
public interface DataRelease<O, D> {

    /**
     * Releases the resource.
     *
     * @param owner the owner whose list is releasing this action
     * @param data  the data given when the action was added
     * @throws Exception any failure; the list keeps releasing the rest and reports it
     */
    void release(O owner, D data) throws Exception;
}
