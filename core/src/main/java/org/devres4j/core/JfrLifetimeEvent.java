package org.devres4j.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The Flight Recorder form of a {@link TraceEvent}; shows up in JDK Mission Control under devres4j. */
@Name("devres4j.Lifetime")
@Label("Lifetime Event")
@Category("devres4j")
@Description("A managed resource was added, released, dropped or failed; or a front-end bound, unbound or put an owner")
@StackTrace(false)
final class JfrLifetimeEvent extends jdk.jfr.Event {

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

    static void commit(TraceEvent e) {
        JfrLifetimeEvent j = new JfrLifetimeEvent();
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
}
