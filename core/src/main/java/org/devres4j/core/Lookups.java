package org.devres4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/*
 * Design
 *
 * The devres lookup family (devres_find, devres_get, devres_remove, devres_destroy, devres_release)
 * and KUnit's named resources, on a LinkedResourceList.
 *
 * A match function is user code, so it never runs under the list lock (the kernel runs it under its
 * spinlock; here a match that calls back into the list, or blocks, must not stall it). A lookup reads,
 * under the lock, the candidates — live (action, data) nodes added with the same action, newest first —
 * together with the state they were read in: the head and the list's count of removals. It tests them
 * outside the lock, then takes the lock again to act. If nothing was removed since and the head is the
 * same, the answer stands and the change is made at once, so the whole lookup is atomic. If only pushes
 * happened, just the newer nodes are read and tested (a match among them is newer, so it wins); if
 * anything was removed, the lookup starts over. A match function may thus run more than once per call
 * and must have no side effects.
 *
 * Named resources: a name is unique among the live named resources of a list. The check and the push
 * happen under the lock (and the trace lock, which orders the ADD first), so of two racing adds of one
 * name exactly one wins.
 */
final class Lookups {

    /** What a detach by match does with the resource it took off the list. */
    enum Then { HAND_BACK, DESTROY, RELEASE }

    private Lookups() {
    }

    /** The live candidates for one action, newest first, and the state they were read in. */
    private static final class View {
        Node head;
        int mods;
        List<DataNode> candidates = new ArrayList<>();

        /* @GuardedBy("list.lock") */
        View(LinkedResourceList<?> list, Object action) {
            head = list.head;
            mods = list.mods;
            collect(list, action, list.current);
        }

        /** The nodes pushed since {@code head} was read: read them, move {@code head} up. */
        /* @GuardedBy("list.lock") */
        void update(LinkedResourceList<?> list, Object action) {
            Node stop = head;
            head = list.head;
            candidates = new ArrayList<>();
            collect(list, action, stop);
        }

        private void collect(LinkedResourceList<?> list, Object action, Node stop) {
            Epoch e = list.current;
            for (Node cur = list.head; cur != stop; cur = cur.next) {
                if (cur.tok == e && cur instanceof DataNode d && d.action == action) {
                    candidates.add(d);
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static DataNode firstMatch(List<DataNode> candidates, Predicate match) {
        for (DataNode d : candidates) { // newest first; outside the lock
            if (match == null || match.test(d.data)) {
                return d;
            }
        }
        return null;
    }

    /** devres_find: the newest matching resource's data, if any. */
    @SuppressWarnings("unchecked")
    static <D> Optional<D> findMatch(LinkedResourceList<?> list, Object action, Predicate<? super D> match) {
        list.require(action, "findMatch", "the action");
        View view;
        synchronized (list.lock) {
            view = new View(list, action);
        }
        DataNode found = firstMatch(view.candidates, match);
        return found == null ? Optional.empty() : Optional.ofNullable((D) found.data);
    }

    /** devres_get: the newest matching resource's data, or — atomically, if none matches — adds this one. */
    @SuppressWarnings("unchecked")
    static <O, D> D findOrAdd(LinkedResourceList<O> list, String name, DataRelease<? super O, D> action, D data,
            Predicate<? super D> match) {
        DataNode node = list.dataNode(name, action, data, "findOrAdd");
        String site = Diagnostics.captureStacks() ? Diagnostics.stackHere() : null;
        View view;
        synchronized (list.lock) {
            view = new View(list, action);
        }
        DataNode chosen = firstMatch(view.candidates, match);
        boolean admitted = false;
        while (chosen == null) {
            if (!admitted) {
                list.admit("findOrAdd", name); // asked before anything is added, outside the locks
                admitted = true;
            }
            synchronized (list.traceLock) {
                boolean pushed = false;
                String closed = null;
                synchronized (list.lock) {
                    if (list.mods != view.mods) {
                        view = new View(list, action); // something went: look again from the top
                    } else if (list.head != view.head) {
                        view.update(list, action); // only pushes: test just the newer nodes
                    } else {
                        closed = Epoch.of(view.head).closed;
                        if (closed == null) {
                            if (list.traced()) {
                                node.number(list.nextOrder());
                            }
                            pushed = list.pushOnto(view.head, node); // fails only if a lock-free push got in
                            if (pushed && site != null) {
                                list.recordSiteLocked(node, site);
                            }
                        }
                    }
                }
                if (closed != null) {
                    throw ListErrors.closed(list.ownerName(), name, closed);
                }
                if (pushed) {
                    list.emit(TraceEvent.ADD, node, "", null);
                    return data;
                }
            }
            chosen = firstMatch(view.candidates, match);
        }
        return (D) chosen.data;
    }

    /**
     * devres_remove / devres_destroy / devres_release: takes the newest matching resource off the list,
     * then hands it back (DEL), drops it (DEL) or runs it (REL). Returns it, or null if none matched.
     */
    static DataNode detachMatch(LinkedResourceList<?> list, Object action, Predicate<?> match, String op, Then then) {
        list.require(action, op, "the action");
        View view;
        synchronized (list.lock) {
            view = new View(list, action);
        }
        DataNode chosen = firstMatch(view.candidates, match);
        for (;;) {
            boolean restarted = false;
            synchronized (list.lock) {
                if (list.mods != view.mods) {
                    view = new View(list, action); // something went: look again from the top
                    restarted = true;
                } else if (list.head != view.head) {
                    view.update(list, action); // only pushes: test just the newer nodes
                } else {
                    if (chosen != null) {
                        list.retireLocked(chosen); // nothing was removed since it was read: it is live
                    }
                    break;
                }
            }
            DataNode m = firstMatch(view.candidates, match);
            if (restarted || m != null) {
                chosen = m; // a fresh view's first match, or a newer match, wins
            }
        }
        if (chosen != null) {
            switch (then) {
                case RELEASE -> ReleaseWalk.runOne(list, chosen, op + " of '" + chosen.name() + "'");
                case DESTROY -> list.emit(TraceEvent.DEL, chosen, "destroyed", null);
                default -> list.emit(TraceEvent.DEL, chosen, "handed back to the caller", null);
            }
        }
        return chosen;
    }

    /** Adds a named resource unless a live one has its name (KUnit's -EEXIST). */
    static <N extends Node> N addNamed(LinkedResourceList<?> list, N node) {
        String name = node.name(); // a fixed string, not user code
        String site = Diagnostics.captureStacks() ? Diagnostics.stackHere() : null;
        boolean exists;
        boolean pushed = false;
        synchronized (list.traceLock) {
            synchronized (list.lock) {
                exists = namedLocked(list, name) != null;
                if (!exists) {
                    if (list.traced()) {
                        node.number(list.nextOrder());
                    }
                    pushed = list.push(node);
                    if (pushed && site != null) {
                        list.recordSiteLocked(node, site);
                    }
                }
            }
            if (exists) {
                throw ListErrors.exists(list.ownerName(), name);
            }
            if (!pushed) {
                throw ListErrors.closed(list.ownerName(), name, Epoch.of(list.head).closed);
            }
            list.emit(TraceEvent.ADD, node, "", null);
        }
        return node;
    }

    /* @GuardedBy("list.lock") */
    static Node namedLocked(LinkedResourceList<?> list, String name) {
        Epoch e = list.current;
        for (Node cur = list.head; cur != e; cur = cur.next) {
            if (cur.tok == e && cur.isKeyed() && cur.name().equals(name)) {
                return cur;
            }
        }
        return null;
    }

    /** Releases (runs) or destroys (drops) the named resource; false if none has the name (-ENOENT). */
    static boolean detachNamed(LinkedResourceList<?> list, String name, String op, boolean run) {
        list.require(name, op, "the name");
        Node node;
        synchronized (list.lock) {
            node = namedLocked(list, name);
            if (node != null) {
                list.retireLocked(node);
            }
        }
        if (node == null) {
            return false;
        }
        if (run) {
            ReleaseWalk.runOne(list, node, op + " of '" + name + "'");
        } else {
            ReleaseWalk.dropped(list, node, op);
        }
        return true;
    }
}
