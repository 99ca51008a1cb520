package org.devres4j.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the reports of one run. The same finding (kind, object, detail) is reported once, at its
 * first occurrence; later repeats are only counted in the event log. Single-threaded.
 */
final class Sanitizer {

    private final List<Report> reports = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final EventLog log;

    Sanitizer(EventLog log) {
        this.log = log;
    }

    void report(ReportKind kind, String object, String allocated, String released, String shouldHave,
                String detail, List<String> chain) {
        String key = kind + "|" + object + "|" + detail;
        if (!seen.add(key)) {
            log.add("SANITIZER (repeat) " + kind.id() + " " + object);
            return;
        }
        Report r = new Report(kind, object, allocated, released, shouldHave, detail, chain,
                log.atShutdown() ? 0 : log.step(), log.line());
        reports.add(r);
        log.add("SANITIZER " + kind.id() + ": " + object + " — " + detail);
    }

    List<Report> reports() {
        return reports;
    }
}
