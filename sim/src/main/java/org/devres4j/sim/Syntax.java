package org.devres4j.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The syntax of one script verb (or one {@code expect} form): its key words, positional slots
 * (keywords, names, numbers with their range, values, fixed choices, the rest of the line as text) and
 * {@code key=value} options with their defaults, and the rules between them (an option that needs another
 * one, an option that goes with one word of a slot only). A {@link Verb} declares one; the parser, the
 * usage text, the renderer and the defaults a step's execution sees all read it, so a verb's syntax is
 * written down once.
 *
 * <p><b>Lifetime:</b> built once per verb, immutable afterwards. <b>Order:</b> slots in the order a
 * line writes them; options render in declaration order. <b>Concurrency:</b> immutable, thread-safe.
 */
final class Syntax {

    /** Longest name a script may use. */
    static final int MAX_NAME = 64;
    /** Longest text (the rest of a line) a script may use. */
    static final int MAX_TEXT = 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:/-]*");
    private static final Pattern VALUE = Pattern.compile("-?[A-Za-z0-9_.:-]+");
    private static final Pattern NUMBER = Pattern.compile("-?(0x[0-9a-fA-F]+|[0-9]+)");
    /** Tokens longer than this are abbreviated when a message quotes them. */
    private static final int QUOTE_MAX = 40;

    /**
     * What a slot or an option value is; {@link #TEXT} is the rest of the line, words joined by one blank;
     * {@link #LIST} is such a rest of the line holding items separated by commas, none of them empty.
     */
    enum Type {
        KEYWORD, NAME, CHOICE, VALUE, NUMBER, TEXT, LIST;

        /** @return whether the slot takes the rest of the line */
        boolean restOfLine() {
            return this == TEXT || this == LIST;
        }
    }

    /**
     * A rule between the parts of a step: {@code option} may only be given with {@code needs} given too, or
     * (when {@code needs} is null) only when slot {@code slot} holds {@code word}.
     *
     * @param option the option the rule is about
     * @param needs  the option it needs, or null
     * @param slot   the index of the positional argument it goes with (when {@code needs} is null)
     * @param word   the word that argument must be
     */
    record Rule(String option, String needs, int slot, String word) {
        /** @return null if the step keeps the rule, else what is wrong (without the usage) */
        String problem(List<String> args, Map<String, String> given) {
            if (!given.containsKey(option)) {
                return null;
            }
            if (needs != null) {
                return given.containsKey(needs) ? null : "option '" + option + "' needs " + needs + "=...";
            }
            return args.size() > slot && args.get(slot).equals(word) ? null
                    : "option '" + option + "' goes with '" + word + "' only";
        }
    }

    /**
     * A positional slot or an option.
     *
     * @param label    the word usage shows ({@code DEVICE}), or the option's key
     * @param type     what it takes
     * @param choices  the words a {@link Type#CHOICE} takes
     * @param optional whether a line may leave it out (slots only; options always may)
     * @param min      the smallest number a {@link Type#NUMBER} takes
     * @param max      the largest
     * @param shown    what usage shows for an option's value ({@code V}, {@code SIZE})
     * @param dflt     an option's default, or null
     */
    record Part(String label, Type type, List<String> choices, boolean optional, long min, long max, String shown,
                String dflt) {
    }

    final String key;
    private final List<Part> slots = new ArrayList<>();
    private final Map<String, Part> options = new LinkedHashMap<>();
    private final List<Rule> rules = new ArrayList<>();

    private Syntax(String key) {
        this.key = key;
    }

    /** @return a syntax for the verb (or verb and form, e.g. {@code expect report}) */
    static Syntax of(String key) {
        return new Syntax(key);
    }

    Syntax keyword(String word) {
        slots.add(new Part(word, Type.KEYWORD, List.of(), false, 0, 0, word, null));
        return this;
    }

    Syntax name(String label) {
        slots.add(new Part(label, Type.NAME, List.of(), false, 0, 0, label, null));
        return this;
    }

    Syntax value(String label) {
        slots.add(new Part(label, Type.VALUE, List.of(), false, 0, 0, label, null));
        return this;
    }

    Syntax choice(String label, String... words) {
        slots.add(new Part(label, Type.CHOICE, List.of(words), false, 0, 0, String.join("|", words), null));
        return this;
    }

    /** The rest of the line (before a comment): one or more words, kept joined by single blanks. */
    Syntax text(String label) {
        slots.add(new Part(label, Type.TEXT, List.of(), false, 0, 0, label, null));
        return this;
    }

    /** The rest of the line (before a comment): items separated by commas, each one or more words. */
    Syntax list(String label) {
        slots.add(new Part(label, Type.LIST, List.of(), false, 0, 0, label, null));
        return this;
    }

    /** Option {@code option} may only be given together with option {@code needs}. */
    Syntax requires(String option, String needs) {
        rules.add(new Rule(option, needs, 0, null));
        return this;
    }

    /** Option {@code option} may only be given when the {@code slot}-th argument is {@code word}. */
    Syntax onlyWith(String option, int slot, String word) {
        rules.add(new Rule(option, null, slot, word));
        return this;
    }

    /** @return the rules between the parts, in declaration order */
    List<Rule> rules() {
        return rules;
    }

    Syntax optionalChoice(String... words) {
        slots.add(new Part("WORD", Type.CHOICE, List.of(words), true, 0, 0, String.join("|", words), null));
        return this;
    }

    Syntax optionalNumber(String label, long min, long max) {
        slots.add(new Part(label, Type.NUMBER, List.of(), true, min, max, label, null));
        return this;
    }

    Syntax nameOption(String key, String shown, String dflt) {
        options.put(key, new Part(key, Type.NAME, List.of(), true, 0, 0, shown, dflt));
        return this;
    }

    Syntax choiceOption(String key, String dflt, String... words) {
        options.put(key, new Part(key, Type.CHOICE, List.of(words), true, 0, 0, String.join("|", words), dflt));
        return this;
    }

    Syntax numberOption(String key, String shown, long min, long max, String dflt) {
        options.put(key, new Part(key, Type.NUMBER, List.of(), true, min, max, shown, dflt));
        return this;
    }

    /** @return the slots, in line order */
    List<Part> slots() {
        return slots;
    }

    /** @return the option of this key, or null */
    Part option(String optionKey) {
        return options.get(optionKey);
    }

    /** @return every option key, in declaration order */
    List<String> optionKeys() {
        return List.copyOf(options.keySet());
    }

    /** @return how many positional values a step needs at least, and may have at most */
    int minArgs() {
        int n = 0;
        for (Part p : slots) {
            if (p.type != Type.KEYWORD && !p.optional) {
                n++;
            }
        }
        return n;
    }

    int maxArgs() {
        int n = 0;
        for (Part p : slots) {
            if (p.type != Type.KEYWORD) {
                n++;
            }
        }
        return n;
    }

    /** @return one usage line, e.g. {@code open P DEVICE as F} or {@code plug DEVICE [mmio=SIZE]} */
    String usage() {
        StringBuilder sb = new StringBuilder(key);
        for (Part s : slots) {
            sb.append(' ').append(s.optional ? "[" + s.shown + "]" : s.shown);
        }
        for (Part o : options.values()) {
            sb.append(" [").append(o.label).append('=').append(o.shown).append(']');
        }
        return sb.toString();
    }

    /** @return the step as one canonical script line: keywords re-inserted, options in declaration order */
    String render(Step step) {
        StringBuilder sb = new StringBuilder(key);
        int a = 0;
        for (Part s : slots) {
            if (a >= step.args().size()) {
                break;
            }
            sb.append(' ').append(s.type == Type.KEYWORD ? s.label : step.args().get(a++));
        }
        for (String k : options.keySet()) {
            String v = step.options().get(k);
            if (v != null) {
                sb.append(' ').append(k).append('=').append(v);
            }
        }
        return sb.toString();
    }

    /**
     * Checks a value for a slot or an option.
     *
     * @return null if it is good, else what is wrong with it (the token quoted and abbreviated)
     */
    static String problem(Part p, String what, String text) {
        switch (p.type) {
            case CHOICE -> {
                boolean slotWord = p.label.equals(p.label.toUpperCase(java.util.Locale.ROOT));
                return p.choices.contains(text) ? null
                        : "bad " + (slotWord ? "word" : "value") + " " + quote(text) + (slotWord ? "" : " for " + what)
                        + ": expected one of " + String.join(", ", p.choices);
            }
            case TEXT -> {
                return text.length() <= MAX_TEXT ? null : "bad " + what + ": at most " + MAX_TEXT + " characters";
            }
            case LIST -> {
                if (text.length() > MAX_TEXT) {
                    return "bad " + what + ": at most " + MAX_TEXT + " characters";
                }
                return java.util.Arrays.stream(text.split(",", -1)).noneMatch(String::isBlank) ? null
                        : "bad " + what + " " + quote(text) + ": an item between commas is empty (separate the items "
                        + "with one comma each)";
            }
            case NUMBER -> {
                return numberProblem(what, text, p.min, p.max);
            }
            case VALUE -> {
                return text.length() <= MAX_NAME && VALUE.matcher(text).matches() ? null
                        : "bad " + what + " " + quote(text) + ": expected a number or a word of at most " + MAX_NAME
                        + " characters";
            }
            default -> {
                return nameProblem(what, text);
            }
        }
    }

    /** @return null if {@code text} is a good name, else what is wrong with it */
    static String nameProblem(String what, String text) {
        if (text != null && text.length() <= MAX_NAME && NAME.matcher(text).matches()) {
            return null;
        }
        if (text != null && text.length() > MAX_NAME && NAME.matcher(text).matches()) {
            return "bad " + what + " " + quote(text) + ": a name has at most " + MAX_NAME + " characters";
        }
        return "bad " + what + " " + quote(text)
                + ": a name starts with a letter and has letters, digits, '_', '.', ':', '/', '-'";
    }

    /** @return null if {@code text} is a number in {@code [min, max]}, else what is wrong */
    static String numberProblem(String what, String text, long min, long max) {
        if (!NUMBER.matcher(text).matches() || (text.startsWith("-") && (min >= 0 || text.startsWith("-0x")))) {
            return "bad " + what + " " + quote(text) + ": expected a " + (min < 0 ? "decimal (optionally negative)"
                    : "decimal") + " or 0x-hex number";
        }
        Long v = parse(text);
        if (v == null || v < min || v > max) {
            return "bad " + what + " " + quote(text) + ": must be " + show(min) + " to " + show(max);
        }
        return null;
    }

    /** @return the number a checked token means */
    static long number(String text) {
        Long v = parse(text);
        if (v == null) {
            throw new IllegalArgumentException("not a number in range: " + quote(text));
        }
        return v;
    }

    private static Long parse(String text) {
        try {
            return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String show(long n) {
        return n == Long.MIN_VALUE || n == Long.MAX_VALUE || n < 1_000_000_000L ? String.valueOf(n) : "0x" + Long.toHexString(n);
    }

    /**
     * @param token any text, may be null
     * @return it in single quotes; a long one abbreviated, with its length
     */
    static String quote(String token) {
        if (token == null) {
            return "null";
        }
        if (token.length() <= QUOTE_MAX) {
            return "'" + token + "'";
        }
        return "'" + token.substring(0, QUOTE_MAX) + "…' (" + token.length() + " characters)";
    }
}
