package org.devres4j.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/*
 * Design
 *
 * The group operations of a LinkedResourceList (devres.c's open/close/remove/release_group). A group
 * is two markers on the chain; finding one walks from the newest node, as the kernel's find_group does.
 * Releasing a group detaches the stretch from its close marker (or the head, while it is open) down to
 * its open marker under the list lock: every live resource in it goes, a marker goes only if its group
 * lies wholly inside (devres.c's remove_nodes colouring), retired nodes still linked there are dropped.
 * The nodes that go take a fresh batch epoch as their token — they read as "being released" from that
 * moment — but only once they are off the chain: a push takes its epoch from the head it pushes onto,
 * and must never take a batch's. The batch is run outside the lock like any other.
 */
final class GroupOps {

    private GroupOps() {
    }

    /* @GuardedBy("list.lock") */
    static GroupImpl findLocked(LinkedResourceList<?> list, Object id) {
        Epoch e = list.current;
        for (Node cur = list.head; cur != e; cur = cur.next) {
            if (cur.tok == e && cur instanceof GroupMarker m) {
                GroupImpl g = m.group;
                if (id == null ? !g.closedLocked() : g.matches(id)) {
                    return g;
                }
            }
        }
        return null;
    }

    static void close(LinkedResourceList<?> list, Object id) {
        GroupImpl group;
        boolean pushed = false;
        synchronized (list.traceLock) { // order: traceLock, then lock; the ADD goes out before any REL of the marker
            synchronized (list.lock) {
                group = findLocked(list, id);
                if (group != null && !group.closedLocked()) {
                    if (list.traced()) {
                        group.close.number(list.nextOrder());
                    }
                    pushed = list.push(group.close); // the group is live, so the list is not closed
                }
            }
            if (group == null) {
                throw ListErrors.noSuchGroup(list.ownerName(), "closeGroup", id);
            }
            if (!pushed) {
                throw new IllegalStateException("closeGroup on '" + list.ownerName() + "': " + group
                        + " is already closed — a group is closed once");
            }
            list.emit(TraceEvent.ADD, group.close, "", null);
        }
    }

    static void remove(LinkedResourceList<?> list, Object id) {
        GroupImpl group;
        boolean hadClose;
        synchronized (list.lock) {
            group = findLocked(list, id);
            hadClose = group != null && group.closedLocked();
            if (group != null) {
                list.retireLocked(group.open);
                if (hadClose) {
                    list.retireLocked(group.close);
                }
            }
        }
        if (group == null) {
            throw ListErrors.noSuchGroup(list.ownerName(), "removeGroup", id);
        }
        list.emit(TraceEvent.DEL, group.open, "resources kept", null);
        if (hadClose) {
            list.emit(TraceEvent.DEL, group.close, "resources kept", null);
        }
    }

    static int release(LinkedResourceList<?> list, Object id) {
        Node batch;
        GroupImpl group;
        Epoch claim = new Epoch(list, null);
        claim.moveTo(Epoch.RELEASING);
        synchronized (list.lock) {
            group = findLocked(list, id);
            batch = group == null ? null : detachLocked(list, group, claim);
        }
        if (group == null) {
            throw ListErrors.noSuchGroup(list.ownerName(), "releaseGroup", id);
        }
        return ReleaseWalk.run(list, batch, claim, claim, "releaseGroup(" + group.describe() + ")");
    }

    /**
     * Detaches the stretch [open marker .. close marker] (or .. newest, while open) and returns what goes,
     * newest first, as a chain ending in {@code claim}, each node's token set to {@code claim}.
     */
    /* @GuardedBy("list.lock") */
    private static Node detachLocked(LinkedResourceList<?> list, GroupImpl group, Epoch claim) {
        Epoch e = list.current;
        Node top = group.closedLocked() ? group.close : list.head;
        Node prev = null;
        for (Node cur = list.head; cur != top; cur = cur.next) {
            prev = cur; // pushes after the read of `top` sit above it and stay out of the stretch
        }
        List<Node> stretch = new ArrayList<>();
        for (Node cur = top; ; cur = cur.next) {
            stretch.add(cur);
            if (cur == group.open) {
                break;
            }
        }
        Node after = group.open.next;
        Map<GroupImpl, Integer> colour = new IdentityHashMap<>();
        for (Node n : stretch) {
            if (n.tok == e && n instanceof GroupMarker m) {
                colour.merge(m.group, m.group.closedLocked() ? 1 : 2, Integer::sum);
            }
        }
        Node keptHead = null;
        Node keptTail = null;
        Node batchHead = null;
        Node batchTail = null;
        for (Node n : stretch) {
            if (n.tok != e) { // retired in place: leaves the chain now
                list.lazy--;
                n.next = null;
            } else if (n instanceof GroupMarker m && colour.get(m.group) < 2) { // a group reaching outside: stays
                if (keptHead == null) {
                    keptHead = n;
                } else {
                    keptTail.next = n;
                }
                keptTail = n;
            } else {
                if (batchHead == null) {
                    batchHead = n;
                } else {
                    batchTail.next = n;
                }
                batchTail = n;
            }
        }
        batchTail.next = claim; // the group's own open marker always goes, so the batch is never empty
        Node rest = after;
        if (keptHead != null) {
            keptTail.next = after;
            rest = keptHead;
        }
        list.relinkLocked(prev, top, rest);
        // only now, off the chain: a push reads its epoch from the head's token, and must never read `claim`
        for (Node n = batchHead; n != claim; n = n.next) {
            n.tok = claim;
            list.forgetSiteLocked(n);
        }
        list.mods++;
        return batchHead;
    }
}
