package org.devres4j.sim;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a scenario: a {@link Verb} with its positional arguments and {@code key=value}
 * options, as one script line says it (keywords such as {@code as} are not kept). An option left out
 * takes the verb's default ({@link #option(String)}).
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> a scenario runs its steps in list order.
 * <b>Concurrency:</b> immutable.
 *
 * @param line    the 1-based script line, or 0 for a step built in Java
 * @param verb    the verb, e.g. {@link Verb#OPEN}
 * @param args    the positional arguments, in the verb's slot order
 * @param options the options the step gives (not the defaults)
 */
public record Step(int line, Verb verb, List<String> args, Map<String, String> options) {

    /**
     * Checks and copies the components.
     *
     * @param line    the line
     * @param verb    the verb
     * @param args    the arguments
     * @param options the options
     * @throws IllegalArgumentException if there are too few or too many arguments for the verb, an option
     *                                  it does not take, or an option the verb's rules refuse here (one that
     *                                  needs another option, or goes with another word)
     */
    public Step {
        Objects.requireNonNull(verb, "verb");
        args = List.copyOf(args);
        options = Map.copyOf(options);
        Syntax syntax = verb.syntax();
        if (args.size() < syntax.minArgs() || args.size() > syntax.maxArgs()) {
            throw new IllegalArgumentException("step " + verb.word() + " " + args + ": takes " + syntax.minArgs()
                    + (syntax.maxArgs() > syntax.minArgs() ? " to " + syntax.maxArgs() : "")
                    + " argument(s): usage: " + syntax.usage());
        }
        for (String k : options.keySet()) {
            if (syntax.option(k) == null) {
                throw new IllegalArgumentException("step " + verb.word() + ": unknown option " + Syntax.quote(k)
                        + ": usage: " + syntax.usage());
            }
        }
        for (Syntax.Rule rule : syntax.rules()) {
            String problem = rule.problem(args, options);
            if (problem != null) {
                throw new IllegalArgumentException("step " + verb.word() + ": " + problem + ": usage: " + syntax.usage());
            }
        }
    }

    /**
     * A step built in Java (line 0) with no options.
     *
     * @param verb the verb
     * @param args its arguments
     * @return the step
     */
    public static Step of(Verb verb, String... args) {
        return new Step(0, verb, List.of(args), Map.of());
    }

    /**
     * @param key   an option of the verb
     * @param value its value
     * @return this step with that option set
     */
    public Step with(String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(options);
        m.put(key, value);
        return new Step(line, verb, args, m);
    }

    /**
     * @param i the index
     * @return the i-th positional argument
     */
    public String arg(int i) {
        return args.get(i);
    }

    /**
     * @param key an option of the verb
     * @return the option's value, or the verb's default for it (null if it has none)
     * @throws IllegalArgumentException if the verb has no such option
     */
    public String option(String key) {
        Syntax.Part p = verb.syntax().option(key);
        if (p == null) {
            throw new IllegalArgumentException(verb.word() + " has no option " + Syntax.quote(key));
        }
        return options.getOrDefault(key, p.dflt());
    }

    /** @return the number an option (given or default) holds, already range-checked by the parser */
    long number(String key) {
        return Syntax.number(option(key));
    }

    /** @return the step as one script line, e.g. {@code open p1 gpu0 as f1} */
    public String toScript() {
        return verb.syntax().render(this);
    }

    @Override
    public String toString() {
        return toScript();
    }
}
