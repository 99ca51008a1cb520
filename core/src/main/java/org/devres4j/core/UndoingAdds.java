package org.devres4j.core;

import java.util.function.Consumer;
import java.util.function.Supplier;

/*
 * Design
 *
 * The adds of a LinkedResourceList that make something before they know whether the list takes it, and
 * so must undo it when the list does not: addOrReset (devm_add_action_or_reset) runs its action at once
 * when the admission policy refuses it or the list is closed, and alloc destroys a value it made when the
 * list was closed between its check and its link. The undo runs on the calling thread, outside every
 * lock, like any release; a failure of the undo is attached to the refusal as suppressed.
 */
final class UndoingAdds {

    private UndoingAdds() {
    }

    /** Links {@code node}, or runs it at once if the policy refuses it or the list is closed, then throws why. */
    static Node linkOrRun(LinkedResourceList<?> list, Node node) {
        Throwable refused;
        try {
            refused = list.refusal("addOrReset of '" + node.name() + "'");
        } catch (RuntimeException | Error policyFailure) { // a failing policy refuses: the action still runs
            refused = policyFailure;
        }
        if (refused == null) {
            try {
                return list.link(node);
            } catch (ListClosedException closedError) {
                refused = closedError;
            }
        }
        // devm_add_action_or_reset: what could not be registered is undone at once
        boolean closed = refused instanceof ListClosedException;
        list.emit(TraceEvent.REL, node, closed ? "not added: list closed" : "not added: refused by the owner", null);
        try {
            node.run(list.owner, closed ? "addOrReset on a closed list" : "addOrReset refused by the owner");
        } catch (Throwable t) {
            list.emit(TraceEvent.FAIL, node, Callbacks.describe(t), null);
            refused.addSuppressed(t);
        }
        if (refused instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) refused;
    }

    /**
     * Makes a managed value and links it; the supplier is not called for a closed list, and a value made
     * for a list closed meanwhile is destroyed before the refusal is thrown.
     */
    static <T> Managed<T> alloc(LinkedResourceList<?> list, String name, Supplier<? extends T> supplier,
                                Consumer<? super T> destructor) {
        String closedReason = Epoch.of(list.head).closed;
        if (closedReason != null) {
            throw ListErrors.closed(list.ownerName, "alloc", name, closedReason); // the supplier is not called for a list that will never release it
        }
        ManagedNode<T> node = new ManagedNode<>(name, list.ownerName, supplier.get(), destructor);
        try {
            return list.link(node);
        } catch (ListClosedException e) {
            // closed between the check and the link: the value was made, so undo it
            if (destructor != null) {
                try {
                    destructor.accept(node.value);
                } catch (Throwable t) {
                    e.addSuppressed(t);
                }
            }
            throw e;
        }
    }
}
