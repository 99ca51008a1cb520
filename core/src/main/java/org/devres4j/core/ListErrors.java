package org.devres4j.core;

/**
 * The refusals of a {@link LinkedResourceList}: every message names the operation, the owner and the
 * rule broken. Built outside the list's lock, because names, data and group ids are user code (read
 * through {@link Callbacks}, so a throwing {@code toString()} cannot turn a refusal into another failure).
 */
final class ListErrors {

    /** Why a handle is not live on a list. */
    enum Miss { NEVER_ADDED, RELEASED, BEING_RELEASED, FOREIGN }

    private ListErrors() {
    }

    static NullPointerException nullArg(String ownerName, String op, String what) {
        return new NullPointerException(op + " on '" + ownerName + "': " + what + " must not be null");
    }

    static IllegalArgumentException notAHandle(String ownerName, String op, Object handle) {
        return new IllegalArgumentException(op + " on '" + ownerName + "': " + Callbacks.text(handle)
                + " is not a handle that a resource list returned");
    }

    static RuntimeException notOnList(String ownerName, Node node, String op, Miss miss) {
        int order = node.order();
        String number = order != 0 ? " (#" + order + ")" : "";
        String what = op + " on '" + ownerName + "': " + node.kind() + " '" + Callbacks.nameOf(node) + "'";
        switch (miss) {
            case RELEASED:
                return new IllegalStateException(what + number + " was already released or removed"
                        + " — a resource is released at most once");
            case BEING_RELEASED:
                return new IllegalStateException(what + number + " was already released — a release of this list is"
                        + " running it right now; a resource is released at most once");
            case NEVER_ADDED:
                return new IllegalArgumentException(what + " was never added to a resource list");
            default:
                return new IllegalArgumentException(what + " is not on this list — it belongs to another owner ('"
                        + Epoch.of(node.tok).list.ownerName + "'); remove or release it on the list it was added to");
        }
    }

    static IllegalArgumentException noSuchPair(String ownerName, String op, Object data) {
        return new IllegalArgumentException(op + " on '" + ownerName + "': no action with this (action, data = "
                + Callbacks.text(data) + ") pair is on the list — it was never added here, or it was already released or removed");
    }

    static IllegalArgumentException noSuchGroup(String ownerName, String op, Object id) {
        return new IllegalArgumentException(op + " on '" + ownerName + "': "
                + (id == null ? "no open group" : "no " + describeId(id))
                + " is on this list — it was never opened here, or it was already released or removed");
    }

    static String describeId(Object id) {
        return id instanceof GroupImpl g ? g.toString() : "group with id '" + Callbacks.text(id) + "'";
    }

    static ListClosedException closed(String ownerName, String name, String reason) {
        return closed(ownerName, "add", name, reason);
    }

    /** The refusal of {@code op} (add, alloc) of the resource {@code name} to a list closed for good. */
    static ListClosedException closed(String ownerName, String op, String name, String reason) {
        return closedFor(op + " of '" + name + "' to '" + ownerName + "'", reason);
    }

    /** The refusal of a group's marker ({@code openGroup}, {@code closeGroup}) on a list closed for good. */
    static ListClosedException closedGroup(String ownerName, String op, String group, String reason) {
        return closedFor(op + " of group " + group + " on '" + ownerName + "'", reason);
    }

    private static ListClosedException closedFor(String what, String reason) {
        return new ListClosedException(what + " refused: the list was closed for good (" + reason
                + ") — nothing added now would ever be released");
    }

    static IllegalStateException closedTwice(String ownerName, String reason) {
        return new IllegalStateException("releaseAllAndClose on '" + ownerName + "': the list was already closed ("
                + reason + ") — an owner's final release happens once");
    }

    static ResourceExistsException exists(String ownerName, String name) {
        return new ResourceExistsException(ownerName, name, "addNamed of '" + name + "' to '" + ownerName
                + "' refused: a named resource '" + name + "' is already on the list (EEXIST) — a name is held by one"
                + " named resource at a time; release or destroy the one there first");
    }

    static ListConfinementException wrongThread(String ownerName, String op, Thread owner) {
        Thread caller = Thread.currentThread();
        boolean sameName = owner.getName().equals(caller.getName()); // then only the ids tell them apart
        return new ListConfinementException(ownerName, op + " on '" + ownerName + "' refused: the list is confined to its"
                + " owner thread " + describe(owner, sameName) + " and this call came from thread " + describe(caller, sameName)
                + " — every call to a confined list, reads included, is made on the thread that created it;"
                + " a list that several threads use is made with ResourceList.create");
    }

    private static String describe(Thread thread, boolean withId) {
        return "'" + thread.getName() + "'" + (withId ? " (id " + thread.getId() + ")" : "");
    }
}
