package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.devres4j.driver.DriverModelPolicy;

/**
 * A scenario: a named list of steps with its header (description, seed, driver-model policy).
 * Scenarios come from scripts ({@link ScenarioScript#parse(String, String)}), from the built-in set
 * ({@link Scenarios}), from the fuzzer's shrinker, or from Java through {@link #builder(String)}.
 *
 * <p><b>Lifetime:</b> a value; running it builds a fresh world each time. <b>Order:</b> steps run in
 * list order. <b>Concurrency:</b> immutable, safe to share and to run from several threads at once
 * (each run has its own world).
 */
public final class Scenario {

    /** The seed of a scenario whose script does not say one. */
    public static final long DEFAULT_SEED = 1;

    /** The script names of the driver-model policies, in the order usage texts list them. */
    private enum Policy {
        CURRENT("current", DriverModelPolicy.CURRENT),
        LEGACY_2020("legacy-2020", DriverModelPolicy.LEGACY_2020),
        RELEASE_AT_DELETION("release-at-deletion", DriverModelPolicy.RELEASE_AT_DELETION_ONLY);

        final String word;
        final DriverModelPolicy policy;

        Policy(String word, DriverModelPolicy policy) {
            this.word = word;
            this.policy = policy;
        }
    }

    /** @return the policy names a {@code policy} line accepts: {@code current|legacy-2020|release-at-deletion} */
    static String policyNames() {
        return String.join("|", java.util.Arrays.stream(Policy.values()).map(p -> p.word).toList());
    }

    /**
     * @param name a policy name of a script
     * @return the driver-model policy it means, or null if there is none of that name
     */
    static DriverModelPolicy driverModelPolicy(String name) {
        for (Policy p : Policy.values()) {
            if (p.word.equals(name)) {
                return p.policy;
            }
        }
        return null;
    }

    private final String name;
    private final String description;
    private final Long seed;
    private final String policy;
    private final List<Step> steps;

    Scenario(String name, String description, Long seed, String policy, List<Step> steps) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? "" : description;
        this.seed = seed;
        this.policy = policy == null ? "current" : policy;
        this.steps = steps instanceof ScriptSteps ? steps : List.copyOf(steps);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the one-line description, or the empty string */
    public String description() {
        return description;
    }

    /** @return the seed the script fixes, or null when the runner's seed applies */
    public Long seed() {
        return seed;
    }

    /**
     * @return the driver-model policy: {@code current}, {@code legacy-2020} (seed 003: no devres release at
     *         {@code del} of a driverless device) or {@code release-at-deletion} (seed 000's option 2: devres
     *         released only when the device is deleted)
     */
    public String policy() {
        return policy;
    }

    /** @return the steps */
    public List<Step> steps() {
        return steps;
    }

    /** @return the scenario as a script that parses back to an equal scenario */
    public String toScript() {
        StringBuilder sb = new StringBuilder();
        sb.append("scenario ").append(name).append('\n');
        if (!description.isEmpty()) {
            sb.append("description ").append(description).append('\n');
        }
        if (seed != null) {
            sb.append("seed ").append(seed).append('\n');
        }
        if (!policy.equals("current")) {
            sb.append("policy ").append(policy).append('\n');
        }
        for (Step s : steps) {
            sb.append(s.toScript()).append('\n');
        }
        return sb.toString();
    }

    /** @return a copy with another step list (the shrinker uses this) */
    Scenario withSteps(String newName, List<Step> newSteps) {
        return new Scenario(newName, description, seed, policy, newSteps);
    }

    /**
     * Starts a scenario in Java; each step is one script line, checked like a script's.
     *
     * @param name the scenario's name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds a {@link Scenario} step by step.
     *
     * <p><b>Lifetime:</b> single use. <b>Order:</b> steps keep the order they were added.
     * <b>Concurrency:</b> not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private String description = "";
        private Long seed;
        private String policy = "current";
        private final List<String> lines = new ArrayList<>();

        private Builder(String name) {
            String problem = Syntax.nameProblem("scenario name", name);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            this.name = name;
        }

        /**
         * @param text the description
         * @return this
         */
        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "description");
            return this;
        }

        /**
         * @param value the seed the scenario fixes
         * @return this
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @param value {@code current}, {@code legacy-2020} or {@code release-at-deletion}
         * @return this
         */
        public Builder policy(String value) {
            this.policy = value;
            return this;
        }

        /**
         * Adds a step written as one script line, e.g. {@code "open p1 gpu0 as f1"}.
         *
         * @param line the step
         * @return this
         */
        public Builder step(String line) {
            lines.add(Objects.requireNonNull(line, "step"));
            return this;
        }

        /**
         * @return the scenario
         * @throws ScenarioSyntaxException if a step or the policy is malformed (source: the name)
         */
        public Scenario build() {
            StringBuilder sb = new StringBuilder("scenario ").append(name).append('\n');
            if (!description.isEmpty()) {
                sb.append("description ").append(description).append('\n');
            }
            if (seed != null) {
                sb.append("seed ").append(seed).append('\n');
            }
            sb.append("policy ").append(policy).append('\n');
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            return ScenarioScript.parse(sb.toString(), name);
        }
    }
}
