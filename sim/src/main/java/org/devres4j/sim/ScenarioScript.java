package org.devres4j.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scenario script format: one step per line, {@code #} starts a comment, words are separated by
 * blanks, options are {@code key=value}. The header lines {@code scenario NAME},
 * {@code description TEXT}, {@code seed N} and {@code policy current|legacy-2020|release-at-deletion}
 * may each appear once, before the first step.
 *
 * <pre>
 * scenario devm-connector-state
 * load vgpu variant=devm-connector-state   # a driver (and its variant) is loaded
 * plug gpu0                                # hardware appears: MMIO range, IRQ line, probe
 * process p1 on-remove=never               # a userspace process and how it reacts to a removal uevent
 * open p1 gpu0 as f1
 * unbind gpu0
 * ioctl p1 f1 get-connector
 * expect report use-after-release
 * </pre>
 *
 * <p>Steps: {@code load DRIVER [variant=V]}, {@code unload DRIVER}, {@code plug DEVICE [mmio=SIZE]},
 * {@code virtual DEVICE [holder=devm|plain] [fix=none|group|faux]}, {@code unplug DEVICE},
 * {@code unbind DEVICE}, {@code bind DEVICE}, {@code rescan},
 * {@code process P [on-remove=now|late|never]}, {@code open P DEVICE as F},
 * {@code ioctl P F NAME [racing=DEVICE]} (with {@code racing}, a surprise removal of DEVICE races the
 * ioctl in flight: the seed picks whether it lands before the ioctl begins or at its first register
 * access),
 * {@code mmap P F as M}, {@code touch P M [read|write]}, {@code close P F}, {@code exit P},
 * {@code irq DEVICE}, {@code tick [N]}, {@code expect ok}, {@code expect errno NAME},
 * {@code expect value V}, {@code expect report KIND}, {@code expect clean}.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> the first error of a script is reported.
 * <b>Concurrency:</b> thread-safe.
 */
public final class ScenarioScript {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:/-]*");
    private static final Pattern VALUE = Pattern.compile("-?[A-Za-z0-9_.:-]+");
    private static final Pattern NUMBER = Pattern.compile("0x[0-9a-fA-F]+|[0-9]+");

    /** A positional slot: a keyword, a name, a number, or one of a fixed set of words. */
    private record Slot(String label, String type, Set<String> choices, boolean keyword, boolean optional) {
    }

    /** The syntax of one verb (or one {@code expect} form). */
    private record Spec(String key, List<Slot> slots, Map<String, Set<String>> options) {
        String usage() {
            StringBuilder sb = new StringBuilder(key);
            for (Slot s : slots) {
                String w = s.keyword ? s.label : s.choices != null ? String.join("|", s.choices) : s.label;
                sb.append(' ').append(s.optional ? "[" + w + "]" : w);
            }
            for (Map.Entry<String, Set<String>> o : options.entrySet()) {
                sb.append(" [").append(o.getKey()).append('=')
                        .append(o.getValue() == null ? "V" : String.join("|", o.getValue())).append(']');
            }
            return sb.toString();
        }
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        spec("load", "DRIVER:name", "variant:name");
        spec("unload", "DRIVER:name");
        spec("plug", "DEVICE:name", "mmio:number");
        spec("virtual", "DEVICE:name", "holder:{devm|plain}", "fix:{none|group|faux}");
        spec("unplug", "DEVICE:name");
        spec("unbind", "DEVICE:name");
        spec("bind", "DEVICE:name");
        spec("rescan", "");
        spec("process", "P:name", "on-remove:{now|late|never}");
        spec("open", "P:name DEVICE:name as F:name");
        spec("ioctl", "P:name F:name IOCTL:name", "racing:name");
        spec("mmap", "P:name F:name as M:name");
        spec("touch", "P:name M:name [{read|write}]");
        spec("close", "P:name F:name");
        spec("exit", "P:name");
        spec("irq", "DEVICE:name");
        spec("tick", "[N:number]");
        spec("expect ok", "");
        spec("expect errno", "ERRNO:name");
        spec("expect value", "VALUE:value");
        spec("expect report", "KIND:name");
        spec("expect clean", "");
    }

    private ScenarioScript() {
    }

    private static void spec(String key, String slots, String... options) {
        List<Slot> list = new ArrayList<>();
        for (String w : slots.trim().isEmpty() ? new String[0] : slots.trim().split(" ")) {
            boolean optional = w.startsWith("[");
            if (optional) {
                w = w.substring(1, w.length() - 1);
            }
            if (w.startsWith("{")) {
                list.add(new Slot("WORD", "choice", choices(w), false, optional));
            } else if (w.contains(":")) {
                String[] p = w.split(":");
                list.add(new Slot(p[0], p[1], null, false, optional));
            } else {
                list.add(new Slot(w, "keyword", null, true, optional));
            }
        }
        Map<String, Set<String>> opts = new LinkedHashMap<>();
        for (String o : options) {
            String[] p = o.split(":", 2);
            opts.put(p[0], p[1].startsWith("{") ? choices(p[1]) : p[1].equals("number") ? Set.of("#") : null);
        }
        SPECS.put(key, new Spec(key, list, opts));
    }

    private static Set<String> choices(String braced) {
        return new LinkedHashSet<>(List.of(braced.substring(1, braced.length() - 1).split("\\|")));
    }

    /** A word of a line and the column it starts at. */
    private record Token(String text, int column) {
    }

    /**
     * Parses a script.
     *
     * @param text       the script
     * @param sourceName the name errors print (a file name)
     * @return the scenario; its name is the {@code scenario} header's, else the source name
     * @throws ScenarioSyntaxException naming the line and column of the first error
     */
    public static Scenario parse(String text, String sourceName) {
        if (text == null) {
            throw new IllegalArgumentException("ScenarioScript.parse: the text of '" + sourceName
                    + "' must not be null");
        }
        String source = sourceName == null ? "<script>" : sourceName;
        String name = null;
        String description = null;
        Long seed = null;
        String policy = null;
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            List<Token> tokens = tokenize(raw);
            if (tokens.isEmpty()) {
                continue;
            }
            Token verb = tokens.get(0);
            switch (verb.text) {
                case "scenario" -> {
                    requireHeader(source, lineNo, verb, name != null, steps);
                    requireCount(source, lineNo, raw, tokens, 2, "scenario NAME");
                    name = checkName(source, lineNo, tokens.get(1), "scenario name");
                }
                case "description" -> {
                    requireHeader(source, lineNo, verb, description != null, steps);
                    if (tokens.size() < 2) {
                        throw err(source, lineNo, raw.length() + 1, "description needs a text");
                    }
                    int hash = commentStart(raw);
                    description = raw.substring(tokens.get(1).column - 1, hash < 0 ? raw.length() : hash).trim();
                }
                case "seed" -> {
                    requireHeader(source, lineNo, verb, seed != null, steps);
                    requireCount(source, lineNo, raw, tokens, 2, "seed N");
                    seed = parseNumber(source, lineNo, tokens.get(1), "seed");
                }
                case "policy" -> {
                    requireHeader(source, lineNo, verb, policy != null, steps);
                    requireCount(source, lineNo, raw, tokens, 2, "policy " + Scenario.policyNames());
                    Token p = tokens.get(1);
                    if (Scenario.driverModelPolicy(p.text) == null) {
                        throw err(source, lineNo, p.column, "unknown policy '" + p.text
                                + "': expected one of " + Scenario.policyNames().replace("|", ", "));
                    }
                    policy = p.text;
                }
                default -> steps.add(parseStep(source, lineNo, raw, tokens));
            }
        }
        return new Scenario(name != null ? name : source, description, seed, policy, steps);
    }

    private static Step parseStep(String source, int lineNo, String raw, List<Token> tokens) {
        Token verb = tokens.get(0);
        int first = 1;
        String key = verb.text;
        if (key.equals("expect")) {
            if (tokens.size() < 2) {
                throw err(source, lineNo, raw.length() + 1,
                        "expect needs what to expect: ok, errno NAME, value V, report KIND or clean");
            }
            key = "expect " + tokens.get(1).text;
            first = 2;
            if (!SPECS.containsKey(key)) {
                throw err(source, lineNo, tokens.get(1).column, "unknown expectation '" + tokens.get(1).text
                        + "': expected ok, errno, value, report or clean");
            }
        }
        Spec spec = SPECS.get(key);
        if (spec == null) {
            throw err(source, lineNo, verb.column, "unknown step '" + verb.text + "': expected one of "
                    + String.join(", ", verbs()));
        }
        List<String> args = new ArrayList<>();
        if (first == 2) {
            args.add(tokens.get(1).text);
        }
        Map<String, String> options = new LinkedHashMap<>();
        int t = first;
        for (Slot slot : spec.slots) {
            if (t >= tokens.size() || tokens.get(t).text.contains("=")) {
                if (slot.optional) {
                    break;
                }
                int col = t < tokens.size() ? tokens.get(t).column : raw.stripTrailing().length() + 2;
                int hash = commentStart(raw);
                if (t >= tokens.size() && hash >= 0) {
                    col = raw.substring(0, hash).stripTrailing().length() + 2;
                }
                throw err(source, lineNo, col, "missing " + (slot.keyword ? "'" + slot.label + "'" : slot.label)
                        + ": usage: " + spec.usage());
            }
            Token tok = tokens.get(t++);
            if (slot.keyword) {
                if (!tok.text.equals(slot.label)) {
                    throw err(source, lineNo, tok.column, "expected '" + slot.label + "' but found '"
                            + tok.text + "': usage: " + spec.usage());
                }
                continue;
            }
            args.add(checkSlot(source, lineNo, tok, slot, spec));
        }
        for (; t < tokens.size(); t++) {
            Token tok = tokens.get(t);
            int eq = tok.text.indexOf('=');
            if (eq < 0) {
                throw err(source, lineNo, tok.column, "unexpected '" + tok.text + "': usage: " + spec.usage());
            }
            String k = tok.text.substring(0, eq);
            String v = tok.text.substring(eq + 1);
            if (!spec.options.containsKey(k)) {
                throw err(source, lineNo, tok.column, "unknown option '" + k + "' for " + spec.key
                        + (spec.options.isEmpty() ? " (it takes none)" : ": expected one of "
                        + String.join(", ", spec.options.keySet())));
            }
            if (options.containsKey(k)) {
                throw err(source, lineNo, tok.column, "option '" + k + "' given twice");
            }
            Set<String> allowed = spec.options.get(k);
            int vcol = tok.column + eq + 1;
            if (v.isEmpty()) {
                throw err(source, lineNo, vcol, "option '" + k + "' needs a value");
            }
            if (allowed == null) {
                checkName(source, lineNo, new Token(v, vcol), k);
            } else if (allowed.contains("#")) {
                parseNumber(source, lineNo, new Token(v, vcol), k);
            } else if (!allowed.contains(v)) {
                throw err(source, lineNo, vcol, "bad value '" + v + "' for " + k + ": expected one of "
                        + String.join(", ", allowed));
            }
            options.put(k, v);
        }
        if (key.equals("expect report")) {
            Token kind = tokens.get(2);
            try {
                ReportKind.byId(kind.text);
            } catch (IllegalArgumentException e) {
                throw err(source, lineNo, kind.column, e.getMessage());
            }
        }
        return new Step(lineNo, verb.text, args, options);
    }

    private static String checkSlot(String source, int lineNo, Token tok, Slot slot, Spec spec) {
        switch (slot.type) {
            case "choice" -> {
                if (!slot.choices.contains(tok.text)) {
                    throw err(source, lineNo, tok.column, "bad word '" + tok.text + "': expected one of "
                            + String.join(", ", slot.choices) + ": usage: " + spec.usage());
                }
            }
            case "number" -> parseNumber(source, lineNo, tok, slot.label);
            case "value" -> {
                if (!VALUE.matcher(tok.text).matches()) {
                    throw err(source, lineNo, tok.column, "bad " + slot.label + " '" + tok.text
                            + "': expected a number or a word");
                }
            }
            default -> checkName(source, lineNo, tok, slot.label);
        }
        return tok.text;
    }

    private static void requireHeader(String source, int lineNo, Token verb, boolean seen, List<Step> steps) {
        if (seen) {
            throw err(source, lineNo, verb.column, "'" + verb.text + "' given twice");
        }
        if (!steps.isEmpty()) {
            throw err(source, lineNo, verb.column, "'" + verb.text + "' must come before the first step (line "
                    + steps.get(0).line() + ")");
        }
    }

    private static void requireCount(String source, int lineNo, String raw, List<Token> tokens, int n,
                                     String usage) {
        if (tokens.size() < n) {
            throw err(source, lineNo, raw.stripTrailing().length() + 2, "missing argument: usage: " + usage);
        }
        if (tokens.size() > n) {
            throw err(source, lineNo, tokens.get(n).column, "unexpected '" + tokens.get(n).text
                    + "': usage: " + usage);
        }
    }

    private static String checkName(String source, int lineNo, Token tok, String what) {
        if (!NAME.matcher(tok.text).matches()) {
            throw err(source, lineNo, tok.column, "bad " + what + " '" + tok.text
                    + "': a name starts with a letter and has letters, digits, '_', '.', ':', '/', '-'");
        }
        return tok.text;
    }

    static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad " + what + " '" + name
                    + "': a name starts with a letter and has letters, digits, '_', '.', ':', '/', '-'");
        }
    }

    private static long parseNumber(String source, int lineNo, Token tok, String what) {
        if (!NUMBER.matcher(tok.text).matches()) {
            throw err(source, lineNo, tok.column, "bad " + what + " '" + tok.text
                    + "': expected a decimal or 0x-hex number");
        }
        try {
            return tok.text.startsWith("0x") ? Long.parseLong(tok.text.substring(2), 16) : Long.parseLong(tok.text);
        } catch (NumberFormatException e) {
            throw err(source, lineNo, tok.column, "bad " + what + " '" + tok.text + "': too large");
        }
    }

    /** Parses a number option value already checked by the parser. */
    static long number(String text) {
        return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    }

    private static int commentStart(String raw) {
        return raw.indexOf('#');
    }

    private static List<Token> tokenize(String raw) {
        List<Token> out = new ArrayList<>();
        int hash = commentStart(raw);
        int end = hash < 0 ? raw.length() : hash;
        int i = 0;
        while (i < end) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            while (i < end && raw.charAt(i) != ' ' && raw.charAt(i) != '\t') {
                i++;
            }
            out.add(new Token(raw.substring(start, i), start + 1));
        }
        return out;
    }

    private static ScenarioSyntaxException err(String source, int line, int column, String problem) {
        return new ScenarioSyntaxException(source, line, column, problem);
    }

    /** @return the step verbs, for messages and help */
    static List<String> verbs() {
        Set<String> out = new LinkedHashSet<>();
        for (String k : SPECS.keySet()) {
            out.add(k.split(" ")[0]);
        }
        return new ArrayList<>(out);
    }

    /** @return one usage line per step form, for help texts */
    public static List<String> usage() {
        List<String> out = new ArrayList<>();
        out.add("scenario NAME");
        out.add("description TEXT");
        out.add("seed N");
        out.add("policy " + Scenario.policyNames());
        for (Spec s : SPECS.values()) {
            out.add(s.usage());
        }
        return out;
    }

    /** Renders a step back to its script line (keywords re-inserted). */
    static String render(Step step) {
        String key = step.verb();
        int first = 0;
        StringBuilder sb = new StringBuilder(step.verb());
        if (key.equals("expect") && !step.args().isEmpty()) {
            key = "expect " + step.arg(0);
            sb.append(' ').append(step.arg(0));
            first = 1;
        }
        Spec spec = SPECS.get(key);
        int a = first;
        if (spec != null) {
            for (Slot slot : spec.slots) {
                if (slot.keyword) {
                    if (a < step.args().size()) {
                        sb.append(' ').append(slot.label);
                    }
                } else if (a < step.args().size()) {
                    sb.append(' ').append(step.arg(a++));
                }
            }
        }
        for (; a < step.args().size(); a++) {
            sb.append(' ').append(step.arg(a));
        }
        for (Map.Entry<String, String> o : step.options().entrySet()) {
            sb.append(' ').append(o.getKey()).append('=').append(o.getValue());
        }
        return sb.toString();
    }
}
