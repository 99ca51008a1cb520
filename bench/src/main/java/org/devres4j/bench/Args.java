package org.devres4j.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a harness main: flags ({@code --quick}) and options with a value
 * ({@code --out DIR}). An unknown word, a missing value or a repeated option is refused with a
 * message naming the program and the word.
 */
final class Args {

    private final String program;
    private final Set<String> flags = new HashSet<>();
    private final Map<String, String> values = new HashMap<>();

    /**
     * @param program the main's name, for messages
     * @param args    the command line
     * @param flags   the flags it knows
     * @param options the options with a value it knows
     * @throws IllegalArgumentException on an unknown word, a missing value or a repeated option
     */
    Args(String program, String[] args, List<String> flags, List<String> options) {
        this.program = program;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (flags.contains(a)) {
                if (!this.flags.add(a)) {
                    throw new IllegalArgumentException(program + ": " + a + " given twice");
                }
            } else if (options.contains(a)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException(program + ": " + a + " needs a value");
                }
                if (values.put(a, args[++i]) != null) {
                    throw new IllegalArgumentException(program + ": " + a + " given twice");
                }
            } else {
                throw new IllegalArgumentException(program + ": unknown argument '" + a + "'; it knows " + flags + " and " + options + " (with a value)");
            }
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(program + ": " + name + " is required");
        }
        return v;
    }

    /**
     * @return the option's value as a positive int, or the fallback if absent
     * @throws IllegalArgumentException if the value is not a positive integer
     */
    int positiveInt(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException notAnInt) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(program + ": " + name + " must be a positive integer, got '" + v + "'");
    }
}
