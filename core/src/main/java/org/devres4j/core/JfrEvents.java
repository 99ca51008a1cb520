package org.devres4j.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/*
 * Design
 *
 * The JDK Flight Recorder events of devres4j, recorded whenever a recording enables them: no system
 * property, no Tracing switch. Each site makes the event object and asks isEnabled()/shouldCommit()
 * first; while no recording enables it that is a constant false (the JDK instruments event classes
 * only when a recording needs them) and the object is never allocated (escape analysis), so the
 * disabled path costs what it did before.
 */
final class JfrEvents {

    private JfrEvents() {
    }

    /** @return whether a recording wants lifetime events now */
    static boolean lifetimeOn() {
        return new Lifetime().isEnabled();
    }

    /** Records one lifetime event, if a recording wants it. */
    static void lifetime(TraceEvent e) {
        Lifetime j = new Lifetime();
        if (!j.isEnabled()) {
            return;
        }
        j.verb = e.verb();
        j.owner = e.owner();
        j.name = e.name();
        j.order = e.order();
        j.detail = e.detail();
        j.commit();
    }

    /** The Flight Recorder form of a {@link TraceEvent}; shows up in JDK Mission Control under devres4j. */
    @Name("devres4j.Lifetime")
    @Label("Lifetime Event")
    @Category("devres4j")
    @Description("A managed resource was added, released, dropped or failed; or a front-end bound, unbound or put an owner")
    @StackTrace(false)
    static final class Lifetime extends Event {
        @Label("Verb")
        String verb;
        @Label("Owner")
        String owner;
        @Label("Name")
        String name;
        @Label("Order")
        int order;
        @Label("Detail")
        String detail;
    }

    /** A whole release batch of one list: its duration is the time its actions took. */
    @Name("devres4j.ReleaseBatch")
    @Label("Release Batch")
    @Category("devres4j")
    @Description("A resource list ran a detached batch of releases (releaseAll, a group, one handle), newest first")
    @StackTrace(false)
    static final class ReleaseBatch extends Event {
        @Label("Owner")
        String owner;
        @Label("Reason")
        String reason;
        @Label("Released")
        @Description("Resources whose release ran")
        int released;
        @Label("Failures")
        @Description("Actions that threw")
        int failures;
    }

    /** A wait in Gate.shut (or a revoke): its duration is how long the shutter waited for the readers. */
    @Name("devres4j.GateShut")
    @Label("Gate Shut Wait")
    @Category("devres4j")
    @Description("A gate was shut and its caller waited for the sections entered before to exit")
    @StackTrace(false)
    static final class GateShut extends Event {
        @Label("Gate")
        String gate;
        @Label("Readers At Start")
        long readersAtStart;
        @Label("Completed")
        @Description("Every section had exited when the wait ended")
        boolean completed;
        @Label("Interrupted")
        @Description("The waiting thread was interrupted during the wait")
        boolean interrupted;
    }
}
