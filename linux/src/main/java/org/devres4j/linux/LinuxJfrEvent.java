package org.devres4j.linux;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The Flight Recorder form of a {@link LinuxEvent}; shows up in JDK Mission Control under devres4j. */
@Name("devres4j.Linux")
@Label("Real Device Event")
@Category("devres4j")
@Description("A kernel device event, a plug or unplug of a mirrored device, or a driver-model event beneath it")
@StackTrace(false)
final class LinuxJfrEvent extends jdk.jfr.Event {

    @Label("Verb")
    String verb;

    @Label("Device")
    String device;

    @Label("Event")
    String detail;

    static void commit(LinuxEvent e) {
        LinuxJfrEvent j = new LinuxJfrEvent();
        if (!j.isEnabled()) {
            return;
        }
        j.verb = e.verb();
        j.device = e.device();
        j.detail = e.toString();
        j.commit();
    }
}
