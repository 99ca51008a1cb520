package org.devres4j.sim;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR form of a simulator {@link Event} ({@code devres4j.SimEvent}, category devres4j): recorded
 * whenever a JFR recording enables it, next to the core's lifetime events. Costs one allocation and a
 * flag check per event when no recording asks for it.
 *
 * <p><b>Lifetime:</b> one per committed event. <b>Order:</b> committed in the order of the log.
 * <b>Concurrency:</b> used by the thread that makes the event.
 */
@Name("devres4j.SimEvent")
@Label("Simulator event")
@Category("devres4j")
@StackTrace(false)
@Description("An event of the devres4j simulator: a step, a plug, a userspace call, a sanitizer finding, "
        + "or a kernel lifetime event as the world saw it")
final class SimJfrEvent extends jdk.jfr.Event {

    @Label("Step")
    int step;

    @Label("Verb")
    String verb;

    @Label("Owner kind")
    String ownerKind;

    @Label("Owner")
    String owner;

    @Label("Order")
    int order;

    @Label("Effect")
    String effect;

    @Label("Name")
    String name;

    @Label("Detail")
    String detail;

    /** Commits {@code e} if a recording enables simulator events. */
    static void commit(Event e) {
        SimJfrEvent j = new SimJfrEvent();
        if (!j.isEnabled()) {
            return;
        }
        j.step = e.step();
        j.verb = e.verb();
        j.ownerKind = e.owner().kind().id();
        j.owner = e.owner().name();
        j.order = e.order();
        j.effect = e.effect().id();
        j.name = e.name();
        j.detail = e.detail();
        j.commit();
    }
}
