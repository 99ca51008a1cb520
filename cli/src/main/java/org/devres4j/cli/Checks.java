package org.devres4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's checks: each one prints an {@code ok:} or a {@code FAILED:} line, and the failures are
 * kept for the summary. The demo exits non-zero if any check failed.
 *
 * <p><b>Lifetime:</b> one per demo run. <b>Order:</b> lines are printed in the order the checks are
 * made. <b>Concurrency:</b> thread-safe (a check may be made from a callback on another thread).
 */
final class Checks {

    private final PrintWriter out;
    private final List<String> failures = new ArrayList<>();
    private int count;

    Checks(PrintWriter out) {
        this.out = out;
    }

    /** Records one check and prints its line. */
    synchronized void check(boolean passed, String okText, String failText) {
        count++;
        if (!passed) {
            failures.add(failText);
        }
        say(passed ? "  ok: " + okText : "  FAILED: " + failText);
    }

    /** Records a failed check (something the story did not expect at all). */
    void fail(String text) {
        check(false, "", text);
    }

    /** Prints one line and flushes, so the output keeps its order with other streams. */
    synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    synchronized int count() {
        return count;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }
}
