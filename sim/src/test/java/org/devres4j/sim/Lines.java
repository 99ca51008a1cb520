package org.devres4j.sim;

import java.util.List;

/** Tests read event windows as their one-line text form ({@link EventText}), the way people do. */
final class Lines {

    private Lines() {
    }

    static List<String> of(List<Event> events) {
        return events.stream().map(EventText::line).toList();
    }

    static List<String> of(RunResult r) {
        return of(r.events());
    }

    static List<String> of(FuzzResult r) {
        return of(r.events());
    }
}
