package org.devres4j.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The Flight Recorder form of a {@link LeakDetector.Leak}: one event per leak, recorded whenever a
 * recording enables {@code devres4j.Leak} (the default and profile settings do), with no other switch.
 */
@Name("devres4j.Leak")
@Label("Leak")
@Category("devres4j")
@Description("A reference-counted object or open handle became unreachable without its last put or close")
@StackTrace(false) // the event is committed on the cleaner's thread; the allocation stack is a field
final class JfrLeakEvent extends jdk.jfr.Event {

    @Label("Resource Type")
    String resourceType;

    @Label("Name")
    String name;

    @Label("Allocated At")
    String allocatedAt;

    @Label("Touches")
    int touches;

    static void commit(LeakDetector.Leak leak) {
        JfrLeakEvent e = new JfrLeakEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.resourceType = leak.resourceType();
        e.name = leak.name();
        e.allocatedAt = leak.allocatedAt();
        e.touches = leak.touches().size() + leak.droppedTouches();
        e.commit();
    }
}
