package org.devres4j.sim;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a scenario: a verb with its positional arguments and {@code key=value} options, as one
 * script line says it (keywords such as {@code as} are not kept).
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> a scenario runs its steps in list order.
 * <b>Concurrency:</b> immutable.
 *
 * @param line    the 1-based script line, or 0 for a step built in Java
 * @param verb    the verb, e.g. {@code open}
 * @param args    the positional arguments
 * @param options the options, in script order
 */
public record Step(int line, String verb, List<String> args, Map<String, String> options) {

    /**
     * Checks and copies the components.
     *
     * @param line    the line
     * @param verb    the verb
     * @param args    the arguments
     * @param options the options
     */
    public Step {
        Objects.requireNonNull(verb, "verb");
        args = List.copyOf(args);
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    /**
     * @param i the index
     * @return the i-th positional argument
     */
    public String arg(int i) {
        return args.get(i);
    }

    /**
     * @param key          the option key
     * @param defaultValue what to return when the option is absent
     * @return the option's value
     */
    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }

    /** @return the step as one script line, e.g. {@code open p1 gpu0 as f1} */
    public String toScript() {
        return ScenarioScript.render(this);
    }

    @Override
    public String toString() {
        return toScript();
    }
}
