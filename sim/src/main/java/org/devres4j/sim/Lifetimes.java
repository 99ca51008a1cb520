package org.devres4j.sim;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each resource of a run was added and where and why it was released, so that a report can
 * say so. Bounded by what is alive: a live resource is kept until its release; a released one stays
 * findable among the newest {@value #RELEASED_KEPT} releases (a use after release names the resource
 * it touched; an older one falls back to what the exception itself carries).
 *
 * <p><b>Lifetime:</b> one per world. <b>Order:</b> a lookup finds the newest match. <b>Concurrency:</b>
 * single-threaded, like the world.
 */
final class Lifetimes {

    /** How many released resources stay findable. */
    static final int RELEASED_KEPT = 4096;

    /** Where a resource was added and released. */
    static final class Life {
        final Event.OwnerKind kind;
        final String owner;
        final int order;
        final String name;
        final String added;
        final long seq;
        String released;

        Life(Event.OwnerKind kind, String owner, int order, String name, String added, long seq) {
            this.kind = kind;
            this.owner = owner;
            this.order = order;
            this.name = name;
            this.added = added;
            this.seq = seq;
        }

        /**
         * @param lifetimeOwner the owner whose release should have ended it, or null
         * @return the resource as the subject of a report
         */
        Report.Subject subject(Event.Owner lifetimeOwner) {
            return new Report.Subject(new Event.Owner(kind, owner), order, lifetimeOwner);
        }
    }

    private final Map<String, Life> live = new HashMap<>();
    private final Map<String, Life> released = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Life> eldest) {
            return size() > RELEASED_KEPT;
        }
    };
    private long seq;

    private static String key(String owner, int order) {
        return owner + '#' + order;
    }

    /** A resource of an owner of that kind was added at {@code here}. */
    void added(Event.OwnerKind kind, String owner, int order, String name, String here) {
        String k = key(owner, order);
        released.remove(k);
        live.put(k, new Life(kind, owner, order, name, here, ++seq));
    }

    /**
     * A resource's lifetime ended.
     *
     * @param ran    whether its release ran (else it was dropped without running)
     * @param here   where
     * @param detail why, or empty
     */
    void ended(String owner, int order, boolean ran, String here, String detail) {
        String k = key(owner, order);
        Life l = live.remove(k);
        if (l == null) {
            return;
        }
        l.released = (ran ? "released" : "dropped") + " at " + here + (detail.isEmpty() ? "" : ", " + detail);
        released.remove(k);
        released.put(k, l);
    }

    /** @return the newest resource whose name contains {@code fragment} (and whose owner matches, if given) */
    Life find(String fragment, String owner) {
        return find(fragment, owner, false);
    }

    /**
     * @param releasedOnly only resources already released (a use after release is of one of those, even
     *                     if a newer binding added a resource of the same name since)
     * @return the newest match, or null
     */
    Life find(String fragment, String owner, boolean releasedOnly) {
        Life best = newest(released, fragment, owner, null);
        return releasedOnly ? best : newest(live, fragment, owner, best);
    }

    private static Life newest(Map<String, Life> in, String fragment, String owner, Life best) {
        for (Life l : in.values()) {
            if (l.name.contains(fragment) && (owner == null || l.owner.equals(owner))
                    && (best == null || l.seq > best.seq)) {
                best = l;
            }
        }
        return best;
    }

    /** @return how many resources are live: what the index holds besides the bounded released ones */
    int liveCount() {
        return live.size();
    }
}
