package org.devres4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.devres4j.sim.Event;
import org.devres4j.sim.EventText;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioRunner;

/**
 * A demo story told through the simulator: a scenario written step by step (each action step gets its
 * step number), run once in a simulated world, then read back step by step from the run's typed
 * events — so the story prints what happened at each step and checks it, without calling the kernel
 * model itself.
 *
 * <p><b>Lifetime:</b> one per demo part: written, {@link #run()} once, then read. <b>Order:</b> steps
 * in the order written; events of a step in the order they happened. <b>Concurrency:</b> single-threaded.
 */
final class Story {

    private final Scenario.Builder script;
    private int steps;
    private RunResult result;

    Story(String name, String description) {
        this.script = Scenario.builder(name).description(description);
    }

    /**
     * Adds an action step.
     *
     * @param line the step as a script line
     * @return its step number in the run
     */
    int step(String line) {
        script.step(line);
        return ++steps;
    }

    /** Adds an {@code expect} line, checked where it stands. */
    void expect(String what) {
        script.step("expect " + what);
    }

    /** Runs the story in a fresh world. */
    RunResult run() {
        result = ScenarioRunner.run(script.build(), new RunOptions(false, 1));
        return result;
    }

    RunResult result() {
        return result;
    }

    /** @return the events step {@code n} caused, its start left out */
    List<Event> events(int n) {
        List<Event> out = new ArrayList<>();
        for (Event e : result.events()) {
            if (e.step() == n && !e.isStepStart()) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the events of step {@code n} that {@code which} picks */
    List<Event> events(int n, Predicate<Event> which) {
        return events(n).stream().filter(which).toList();
    }

    /**
     * @return how many resources of the owner are alive after step {@code n}: those whose lifetime began
     *         and has not ended, counted from the events
     */
    int alive(int n, Event.OwnerKind kind, String name) {
        int alive = 0;
        for (Event e : result.events()) {
            if (e.step() <= n && e.order() > 0 && of(kind, name).test(e)) {
                alive += switch (e.effect()) {
                    case BEGIN -> 1;
                    case END, DROP -> -1;
                    default -> 0;
                };
            }
        }
        return alive;
    }

    /** Prints events, indented, one line each. */
    static void print(Checks checks, List<Event> events) {
        for (Event e : events) {
            checks.say("    " + EventText.body(e));
        }
    }

    /** @return the events' verbs with their numbers where they have one, e.g. {@code [REL#3, UNBIND]} */
    static List<String> verbs(List<Event> events) {
        return events.stream().map(e -> e.verb() + (e.order() > 0 ? "#" + e.order() : "")).toList();
    }

    /** @return whether an event is about the owner of this kind and name */
    static Predicate<Event> of(Event.OwnerKind kind, String name) {
        return e -> e.owner().kind() == kind && e.owner().name().equals(name);
    }
}
