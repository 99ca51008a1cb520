package org.devres4j.core;

/**
 * One action that threw while its list was releasing.
 *
 * @param ownerName  the owner of the list
 * @param actionName the action's name
 * @param order      the action's registration number on the list
 * @param cause      what it threw
 */
public record ReleaseFailure(String ownerName, String actionName, int order, Throwable cause) {

    @Override
    public String toString() {
        return "release action '" + actionName + "' (#" + order + ") of '" + ownerName + "' failed: " + cause;
    }
}
