package org.devres4j.core;

import java.util.ArrayList;
import java.util.List;

/*
 * Design
 *
 * Every piece of user code the lifetime machinery calls besides the actions themselves — a trace
 * listener, Release.name(), a group id's or a data value's toString(), an exception's toString() or
 * getMessage() — goes through here, so that whatever it does, the operation it is part of finishes:
 * every detached action runs, once, and the list stays consistent. A failure is reported (logged
 * through System.Logger, logger org.devres4j, level WARNING) and, when the operation ends in a
 * ReleaseFailedException, attached to it as suppressed. It is never the reason something was not
 * released. A VirtualMachineError is not swallowed: inside a release batch it is kept and thrown once
 * every action of the batch has run; elsewhere it propagates after the state change it interrupted is
 * complete.
 */
final class Callbacks {

    static final System.Logger LOG = System.getLogger("org.devres4j");

    private Callbacks() {
    }

    /** @return the node's name; if name() throws, a name made from the node's class, and the failure reported */
    static String nameOf(Node node) {
        return nameOf(node, null);
    }

    static String nameOf(Node node, Failures into) {
        try {
            String name = node.name();
            return name != null ? name : "null";
        } catch (Throwable t) {
            String fallback = node.fallbackName();
            failed("name() of " + node.kind() + " " + fallback, t, into);
            return fallback + " (its name() threw " + describe(t) + ")";
        }
    }

    /** @return {@code String.valueOf(value)}, or a description of the value if its toString() throws */
    static String text(Object value) {
        try {
            return String.valueOf(value);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            failed("toString() of a " + value.getClass().getName(), t, null);
            return value.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(value))
                    + " (its toString() threw " + t.getClass().getName() + ")";
        }
    }

    /** @return the throwable's one-line form; its class name if its own toString() or getMessage() throws */
    static String describe(Throwable t) {
        try {
            return String.valueOf(t);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable broken) {
            return t.getClass().getName() + " (its toString() threw " + broken.getClass().getName() + ")";
        }
    }

    /**
     * Reports a callback's failure: logged, kept in {@code into} when there is one (it is thrown or attached
     * when the operation ends), otherwise a VirtualMachineError is rethrown at once.
     */
    static void failed(String what, Throwable t, Failures into) {
        log(what, t);
        if (into != null) {
            into.callback(t);
        } else if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private static void log(String what, Throwable t) {
        try {
            if (LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, "devres4j: " + what + " threw " + describe(t)
                        + "; reported, the lifetime operation went on", t);
            }
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable loggingBroke) {
            // the logger is user code too: a broken backend must not stop a release
        }
    }

    /**
     * What went wrong during one release: the actions that threw, in the order they ran, and the callbacks
     * that threw. Made on the first failure only.
     */
    static final class Failures {
        private List<ReleaseFailure> actions;
        private List<Throwable> callbacks;
        private VirtualMachineError fatal;

        void action(ReleaseFailure f) {
            if (actions == null) {
                actions = new ArrayList<>(2);
            }
            actions.add(f);
        }

        void callback(Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                if (fatal == null) {
                    fatal = vme;
                }
                return;
            }
            if (callbacks == null) {
                callbacks = new ArrayList<>(2);
            }
            callbacks.add(t);
        }

        /**
         * Ends the release: throws the ReleaseFailedException if an action failed (callback failures
         * attached as suppressed), else a kept VirtualMachineError; otherwise returns.
         */
        void finish(String ownerName, String what) {
            if (actions != null) {
                ReleaseFailedException e = new ReleaseFailedException(ownerName, what, actions);
                if (callbacks != null) {
                    callbacks.forEach(e::addSuppressed);
                }
                if (fatal != null) {
                    e.addSuppressed(fatal);
                }
                throw e;
            }
            if (fatal != null) {
                throw fatal;
            }
        }
    }
}
