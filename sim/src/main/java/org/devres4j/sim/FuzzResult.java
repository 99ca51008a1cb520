package org.devres4j.sim;

import java.util.List;

/**
 * What a fuzz run found: the seed, whether an invariant broke and at which step, the reports, a
 * window of the event log, the script of the steps it ran and — on failure — a shrunk script that
 * reproduces the failure ({@code devres4j run FILE}).
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> events in the order they happened.
 * <b>Concurrency:</b> immutable.
 *
 * @param options        what ran: the seed and every option, so that {@link FuzzOptions#replayCommand()}
 *                       replays the run exactly
 * @param stepsRun       random steps run (fewer than asked if a failure stopped the run)
 * @param failingStep    the step at which the first invariant broke, numbered as the event log and the
 *                       reports number them — the setup steps ({@link #setupSteps()}) first, then the
 *                       random ones, then the world shutdown — or 0
 * @param failure        what broke, or null if the run was clean
 * @param reports        the sanitizer reports
 * @param events         the kept window of the event log: its first {@link Fuzzer#HEAD_EVENTS} events
 *                       (the first is the {@code FUZZ} event naming the options) and its newest
 *                       {@link Fuzzer#TAIL_EVENTS}
 * @param eventsDropped  how many events fell out of the window in between
 * @param script         every step the run made, as a script that replays it; null for a run longer
 *                       than {@link Fuzzer#RECORD_LIMIT} steps (its seed replays it)
 * @param shrunkScript   a short script that reproduces the failure; null if clean, or if the failure
 *                       came after more steps than the run kept
 * @param shrunkSteps    how many steps the shrunk script has (0 if none)
 * @param elapsedMillis  wall time of the random run itself, without shrinking (not in the event log)
 * @param shrinkMillis   wall time spent shrinking (0 if clean)
 * @param allocatedBytes bytes the fuzzing thread allocated during the random run, or -1 if unknown
 */
public record FuzzResult(FuzzOptions options, int stepsRun, int failingStep, String failure, List<Report> reports,
                         List<Event> events, long eventsDropped, String script, String shrunkScript, int shrunkSteps,
                         long elapsedMillis, long shrinkMillis, long allocatedBytes) {

    /**
     * Copies the lists.
     *
     * @param options        the options
     * @param stepsRun       the steps run
     * @param failingStep    the failing step
     * @param failure        the failure
     * @param reports        the reports
     * @param events         the events
     * @param eventsDropped  the events not kept
     * @param script         the script
     * @param shrunkScript   the shrunk script
     * @param shrunkSteps    its step count
     * @param elapsedMillis  the wall time
     * @param shrinkMillis   the shrinking time
     * @param allocatedBytes the bytes allocated
     */
    public FuzzResult {
        java.util.Objects.requireNonNull(options, "FuzzResult: the options must not be null");
        reports = List.copyOf(reports);
        events = List.copyOf(events);
    }

    /** @return the seed (replays the run exactly, with the other options: {@link FuzzOptions#replayCommand()}) */
    public long seed() {
        return options.seed();
    }

    /** @return the steps every run makes before the random ones: loading the driver, one per process */
    public int setupSteps() {
        return 1 + options.processes();
    }

    /** @return whether every invariant held */
    public boolean passed() {
        return failure == null;
    }

    /** @return random steps per second of wall time (a hook for benchmarks) */
    public double stepsPerSecond() {
        return elapsedMillis <= 0 ? stepsRun * 1000.0 : stepsRun * 1000.0 / elapsedMillis;
    }

    /** @return bytes the fuzzing thread allocated per random step (a hook for benchmarks), or -1 if unknown */
    public double allocatedBytesPerStep() {
        return allocatedBytes < 0 || stepsRun == 0 ? -1 : allocatedBytes / (double) stepsRun;
    }

    /** @return a summary for people: verdict, seed, failure, reports and the shrunk script */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (passed()) {
            sb.append("fuzz: PASS, seed ").append(seed()).append(", ").append(stepsRun)
                    .append(" steps, every invariant held, nothing leaked\n");
            return sb.toString();
        }
        sb.append("fuzz: FAIL, seed ").append(seed()).append(", at step ").append(failingStep);
        if (failingStep > setupSteps() + stepsRun) {
            sb.append(" (world shutdown, after ").append(setupSteps()).append(" setup and ").append(stepsRun)
                    .append(" random steps)\n");
        } else {
            sb.append(" (").append(setupSteps()).append(" setup steps, then random step ")
                    .append(failingStep - setupSteps()).append(" of ").append(options.steps()).append(")\n");
        }
        sb.append("  broken: ").append(failure).append('\n');
        for (Report r : reports) {
            sb.append(r.toText()).append("\n\n");
        }
        sb.append("replay: ").append(options.replayCommand()).append('\n');
        if (shrunkScript == null) {
            sb.append("not shrunk: the failure came after ").append(stepsRun).append(" random steps, more than a run "
                    + "keeps (").append(Fuzzer.RECORD_LIMIT).append("); the replay line reproduces it\n");
        } else {
            sb.append("shrunk to ").append(shrunkSteps).append(" steps:\n").append(shrunkScript);
        }
        return sb.toString();
    }

    /** @return the result as one JSON object (the kept events included, as objects) */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"seed\":").append(seed());
        sb.append(",\"passed\":").append(passed());
        sb.append(",\"stepsRun\":").append(stepsRun);
        sb.append(",\"failingStep\":").append(failingStep);
        sb.append(",\"failure\":").append(Json.str(failure));
        sb.append(",\"replay\":").append(Json.str(options.replayCommand()));
        sb.append(",\"reports\":");
        Json.reports(sb, reports);
        sb.append(",\"shrunkScript\":").append(Json.str(shrunkScript));
        sb.append(",\"shrunkSteps\":").append(shrunkSteps);
        sb.append(",\"script\":").append(Json.str(script));
        sb.append(",\"events\":");
        Json.events(sb, events);
        sb.append(",\"eventsDropped\":").append(eventsDropped);
        return sb.append('}').toString();
    }
}
