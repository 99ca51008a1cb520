package org.devres4j.cli;

import java.util.List;
import org.devres4j.cli.Timeline.At;
import org.devres4j.cli.Timeline.Bar;
import org.devres4j.cli.Timeline.Column;
import org.devres4j.cli.Timeline.Finding;
import org.devres4j.cli.Timeline.Milestone;
import org.devres4j.sim.Event.Owner;

/**
 * Places a finding on a {@link Timeline} being built: on the bar of the resource it concerns (the newest
 * lifetime of that resource begun by the finding's position), with the ghost bar of the lifetime it should
 * have had — ending at its owner's first release point after the bar began or, for a use after the bar
 * ended, at that use.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> called by {@link TimelineBuilder#finding} after every event
 * was fed, one finding at a time in report order. <b>Concurrency:</b> on the builder's thread (it links the
 * finding and the bar, both still being built).
 */
final class FindingPlacement {

    private FindingPlacement() {
    }

    /**
     * Places a finding on its bar, if there is one, and sets its ghost end.
     *
     * @param f             the finding, at its position
     * @param subject       the owner of the resource it concerns, or null
     * @param order         that resource's number
     * @param lifetimeOwner the owner whose release should have ended it, or null
     * @param bars          every bar, in the order they began
     * @param milestones    every milestone, in order
     * @param columns       the columns
     */
    static void place(Finding f, Owner subject, int order, Owner lifetimeOwner, List<Bar> bars,
                      List<Milestone> milestones, List<Column> columns) {
        if (subject == null) {
            return;
        }
        At at = f.at;
        Bar bar = null;
        for (Bar b : bars) {
            if (b.owner.equals(subject) && b.order == order && b.start.compareTo(at) <= 0) {
                bar = b;   // the newest lifetime of that resource begun by then
            }
        }
        if (bar == null) {
            return;
        }
        f.bar = bar;
        bar.findings.add(f);
        if (lifetimeOwner != null) {
            for (Milestone m : milestones) {
                if (m.kind().releasePoint && m.owner().equals(lifetimeOwner) && m.at().compareTo(bar.start) >= 0) {
                    f.ghostEnd = m.at();
                    f.ghostWhy = m.label();
                    break;
                }
            }
        } else if (bar.end != null && at.compareTo(bar.end) > 0) {
            f.ghostEnd = at;
            f.ghostWhy = "step " + columns.get(at.column()).step();
            f.ghostIsUse = true;
        }
    }
}
