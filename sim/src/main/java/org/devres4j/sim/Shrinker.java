package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing fuzz run to a short script that breaks the same way: delta debugging (ddmin) over
 * its steps, then one pass removing single steps, the seed kept. Candidates run leniently (a step
 * that lost what it refers to is skipped); the result keeps only the steps that ran, and is checked
 * to reproduce strictly — if it does not, the original steps are returned. Bounded: at most
 * {@value #WORLD_BUDGET} worlds and {@value #STEP_BUDGET} steps in all.
 *
 * <p><b>Lifetime:</b> one per shrink. <b>Order:</b> deterministic for a given input.
 * <b>Concurrency:</b> single-threaded.
 */
final class Shrinker {

    /** Most worlds one shrink builds. */
    static final int WORLD_BUDGET = 400;
    /** Most steps one shrink runs, over all its worlds. */
    static final long STEP_BUDGET = 1_000_000;

    private final long seed;
    private final Step load;
    private final FuzzExecution.Signature signature;
    private int worlds = WORLD_BUDGET;
    private long steps = STEP_BUDGET;

    Shrinker(long seed, Step load, FuzzExecution.Signature signature) {
        this.seed = seed;
        this.load = load;
        this.signature = signature;
    }

    private boolean budgetLeft() {
        return worlds > 0 && steps > 0;
    }

    /** @return a smaller list of steps (after {@code load}) that breaks the same way, or {@code original} */
    List<Step> shrink(List<Step> original) {
        List<Step> cur = new ArrayList<>(original);
        int n = 2;
        while (cur.size() >= 2 && budgetLeft()) {
            int chunk = (int) Math.ceil(cur.size() / (double) n);
            boolean reduced = false;
            for (int start = 0; start < cur.size() && budgetLeft(); start += chunk) {
                List<Step> candidate = new ArrayList<>(cur.subList(0, start));
                candidate.addAll(cur.subList(Math.min(cur.size(), start + chunk), cur.size()));
                List<Step> ran = reproduces(candidate, true);
                if (ran != null) {
                    cur = ran;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= cur.size()) {
                    break;
                }
                n = Math.min(cur.size(), n * 2);
            }
        }
        for (int i = cur.size() - 1; i >= 0 && budgetLeft(); i--) {
            List<Step> candidate = new ArrayList<>(cur);
            candidate.remove(i);
            List<Step> ran = reproduces(candidate, true);
            if (ran != null) {
                cur = ran;
                i = Math.min(i, cur.size());
            }
        }
        return reproduces(cur, false) != null ? cur : new ArrayList<>(original);
    }

    /**
     * @return the steps that ran (skipped ones left out) if running these steps after the load step
     *         breaks with the same signature, else null
     */
    private List<Step> reproduces(List<Step> candidate, boolean lenient) {
        worlds--;
        steps -= candidate.size() + 1L;
        FuzzExecution e = new FuzzExecution(seed, new EventLog(0, 1, EventListener.NONE), lenient);
        try {
            e.run(load);
            for (Step s : candidate) {
                e.run(s);
                if (e.failure != null) {
                    break;
                }
            }
            if (e.failure == null) {
                e.finish();
            }
            if (!signature.equals(e.signature)) {
                return null;
            }
            if (!lenient) {
                return candidate;
            }
            List<Step> body = new ArrayList<>(e.ran());
            body.remove(0);
            return body;
        } catch (RuntimeException invalid) {
            return null;   // a strict candidate with a step that cannot run as written
        } finally {
            try {
                e.world.shutdown();
            } catch (RuntimeException ignored) {
                // a broken candidate; only its verdict matters
            }
            e.close();
        }
    }
}
