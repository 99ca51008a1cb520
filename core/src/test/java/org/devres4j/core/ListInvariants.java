package org.devres4j.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension (after Caffeine's cache validation) that checks, after each test, the
 * structural invariants of every list the test registered with {@link #track}: the size matches the
 * resources listed, registration numbers (given to adds made while someone listens) rise from oldest to
 * newest, and every group close marker follows its own open marker.
 *
 * <pre>{@code
 * @RegisterExtension final ListInvariants invariants = new ListInvariants();
 * final ResourceList<Dev> list = invariants.track(ResourceList.create(dev, "dev0"));
 * }</pre>
 */
final class ListInvariants implements AfterEachCallback {

    private final List<ResourceList<?>> lists = new ArrayList<>();

    <L extends ResourceList<?>> L track(L list) {
        lists.add(list);
        return list;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (ResourceList<?> list : lists) {
            check(list, context.getDisplayName());
        }
    }

    static void check(ResourceList<?> list, String where) {
        LeakReport report = list.leakReport();
        String who = where + ": list of '" + list.ownerName() + "'";
        long resources = report.entries().stream().filter(e -> !e.kind().equals("group")).count();
        if (list.size() != resources || list.names().size() != resources) {
            throw new AssertionError(who + ": size() " + list.size() + " and names() " + list.names()
                    + " disagree with the leak report " + report);
        }
        int last = 0;
        Set<String> opened = new HashSet<>();
        for (LeakReport.Entry e : report.entries()) {
            if (e.order() != 0) {
                if (e.order() <= last) {
                    throw new AssertionError(who + ": registration numbers must rise oldest to newest, got #" + e.order()
                            + " after #" + last + " in " + report);
                }
                last = e.order();
            }
            if (e.kind().equals("group")) {
                String group = e.name().substring(0, e.name().lastIndexOf(' '));
                if (e.name().endsWith(" open")) {
                    opened.add(group);
                } else if (!opened.contains(group)) {
                    throw new AssertionError(who + ": " + e.name() + " has no open marker before it in " + report);
                }
            }
        }
        if (list.isClosed() && !report.isEmpty()) {
            throw new AssertionError(who + ": a list closed for good holds " + report);
        }
    }
}
