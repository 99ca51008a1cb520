package org.devres4j.core;

/**
 * One action that threw while its list was releasing.
 *
 * <p><b>Lifetime:</b> a value describing a resource that is already gone from its list. <b>Order:</b>
 * {@code order} is the action's registration number. <b>Concurrency:</b> immutable.
 *
 * @param ownerName  the owner of the list
 * @param actionName the action's name
 * @param order      the action's registration number on the list, or 0 if it was added while nobody
 *                   listened (outside debug mode)
 * @param cause      what it threw
 */
public record ReleaseFailure(String ownerName, String actionName, int order, Throwable cause) {

    @Override
    public String toString() {
        return "release action '" + actionName + "'" + (order != 0 ? " (#" + order + ")" : "") + " of '" + ownerName
                + "' failed: " + Callbacks.describe(cause);
    }
}
