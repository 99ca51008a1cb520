package org.devres4j.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * <p>The steps are the {@link Verb}s ({@link #usage()} lists them with their options). The rules a
 * script must keep, each refused with {@code file:line:column} and what was expected: a line has at
 * most {@value #MAX_LINE} characters; a name starts with a letter and has at most
 * {@value Syntax#MAX_NAME} characters; every number is in its range ({@code seed} any 64-bit number,
 * negative ones included, so every seed the fuzzer prints replays); a script has at least one step;
 * {@code expect ok|errno|value} needs a step before it and two of them about the same step may not
 * contradict each other; {@code expect clean} may not follow an {@code expect report} (a report, once
 * made, stays). A file must be UTF-8 without a byte order mark ({@link #read(Path)}).
 *
 * <p><b>Lifetime:</b> stateless; a parsed scenario keeps its steps as compact text (a script of a
 * million steps takes tens of bytes per step). <b>Order:</b> the first error of a script is reported.
 * <b>Concurrency:</b> thread-safe.
 */
public final class ScenarioScript {

    /** Longest line a script may have, in characters. */
    public static final int MAX_LINE = 4096;
    /** What an {@code expect} line can expect, for messages. */
    private static final String EXPECTATIONS = "ok, errno NAME, value V, text TEXT, released OWNER NAMES, device DEVICE "
            + "STATE, node DEVICE TYPE NAME, report KIND or clean";

    private ScenarioScript() {
    }

    /** A word of a line and the column it starts at. */
    private record Token(String text, int column) {
    }

    /**
     * Reads a script file: UTF-8 without a byte order mark, then {@link #parse(String, String)}.
     *
     * @param file the file
     * @return the scenario
     * @throws IOException             if it cannot be read
     * @throws ScenarioSyntaxException if it is not UTF-8, starts with a byte order mark, or does not parse
     */
    public static Scenario read(Path file) throws IOException {
        return parse(ScriptText.decode(java.nio.file.Files.readAllBytes(file), file.toString()), file.toString());
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
        String source = sourceName == null ? "<script>" : sourceName;
        if (text == null) {
            throw new IllegalArgumentException("ScenarioScript.parse: the text of '" + source + "' must not be null");
        }
        Header h = new Header(source);
        ExpectationRules rules = new ExpectationRules(source);
        ScriptSteps.Builder steps = new ScriptSteps.Builder(text.length());
        int lineNo = 0;
        for (int start = 0; start <= text.length(); ) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String raw = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            lineNo++;
            if (raw.length() > MAX_LINE) {
                throw err(source, lineNo, MAX_LINE + 1, "line too long: " + raw.length() + " characters, at most "
                        + MAX_LINE);
            }
            List<Token> tokens = tokenize(raw);
            if (!tokens.isEmpty() && !h.header(lineNo, raw, tokens, steps.firstLine())) {
                Step step = parseStep(source, lineNo, raw, tokens);
                rules.check(step, tokens.get(0).column);
                steps.add(step);
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        text = null;   // a large script: let its text go before the steps are built
        if (steps.size() == 0) {
            throw err(source, 1, 1, "the script has no steps: a scenario needs at least one (e.g. 'load vgpu')");
        }
        return new Scenario(h.name != null ? h.name : source, h.description, h.seed, h.policy, steps.build());
    }

    /** The header lines: each once, before the first step. */
    private static final class Header {
        final String source;
        String name;
        String description;
        Long seed;
        String policy;

        Header(String source) {
            this.source = source;
        }

        /** @return whether the line was a header line (and took it) */
        boolean header(int lineNo, String raw, List<Token> tokens, int firstStepLine) {
            Token verb = tokens.get(0);
            switch (verb.text) {
                case "scenario" -> {
                    once(lineNo, verb, name != null, firstStepLine);
                    count(lineNo, raw, tokens, "scenario NAME");
                    name = checked(lineNo, tokens.get(1), Syntax.nameProblem("scenario name", tokens.get(1).text));
                }
                case "description" -> {
                    once(lineNo, verb, description != null, firstStepLine);
                    if (tokens.size() < 2) {
                        throw err(source, lineNo, raw.length() + 1, "description needs a text");
                    }
                    int hash = raw.indexOf('#');
                    description = raw.substring(tokens.get(1).column - 1, hash < 0 ? raw.length() : hash).trim();
                }
                case "seed" -> {
                    once(lineNo, verb, seed != null, firstStepLine);
                    count(lineNo, raw, tokens, "seed N");
                    Token t = tokens.get(1);
                    checked(lineNo, t, Syntax.numberProblem("seed", t.text, Long.MIN_VALUE, Long.MAX_VALUE));
                    seed = Syntax.number(t.text);
                }
                case "policy" -> {
                    once(lineNo, verb, policy != null, firstStepLine);
                    count(lineNo, raw, tokens, "policy " + Scenario.policyNames());
                    Token p = tokens.get(1);
                    if (Scenario.driverModelPolicy(p.text) == null) {
                        throw err(source, lineNo, p.column, "unknown policy " + Syntax.quote(p.text)
                                + ": expected one of " + Scenario.policyNames().replace("|", ", "));
                    }
                    policy = p.text;
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private void once(int lineNo, Token verb, boolean seen, int firstStepLine) {
            if (seen) {
                throw err(source, lineNo, verb.column, "'" + verb.text + "' given twice");
            }
            if (firstStepLine > 0) {
                throw err(source, lineNo, verb.column, "'" + verb.text + "' must come before the first step (line "
                        + firstStepLine + ")");
            }
        }

        private void count(int lineNo, String raw, List<Token> tokens, String usage) {
            if (tokens.size() < 2) {
                throw err(source, lineNo, endColumn(raw), "missing argument: usage: " + usage);
            }
            if (tokens.size() > 2) {
                throw err(source, lineNo, tokens.get(2).column, "unexpected " + Syntax.quote(tokens.get(2).text)
                        + ": usage: " + usage);
            }
        }

        private String checked(int lineNo, Token t, String problem) {
            if (problem != null) {
                throw err(source, lineNo, t.column, problem);
            }
            return t.text;
        }
    }

    /**
     * The rules about expectations a script must keep: a result expectation needs a step before it, two
     * about the same step may not contradict each other, and {@code expect clean} may not follow an
     * {@code expect report}.
     */
    private static final class ExpectationRules {
        final String source;
        int lastAction;
        final List<Step> aboutLastAction = new ArrayList<>();
        Step reportExpected;

        ExpectationRules(String source) {
            this.source = source;
        }

        void check(Step step, int column) {
            Verb v = step.verb();
            if (!v.isExpectation()) {
                lastAction = step.line();
                aboutLastAction.clear();
                return;
            }
            if (v.isAboutPreviousStep() && lastAction == 0) {
                throw err(source, step.line(), column, step.toScript() + " has no step before it to check: "
                        + "expect ok, errno, value and text check the result of the previous step, expect released "
                        + "what it released");
            }
            if (v.isResultExpectation()) {
                for (Step other : aboutLastAction) {
                    if (contradict(other, step)) {
                        throw err(source, step.line(), column, step.toScript() + " contradicts '" + other.toScript()
                                + "' at line " + other.line() + ": both are about the result of line " + lastAction);
                    }
                }
                aboutLastAction.add(step);
            } else if (v == Verb.EXPECT_REPORT && reportExpected == null) {
                reportExpected = step;
            } else if (v == Verb.EXPECT_CLEAN && reportExpected != null) {
                throw err(source, step.line(), column, "expect clean contradicts '" + reportExpected.toScript()
                        + "' at line " + reportExpected.line() + ": a report, once made, stays");
            }
        }

        private static boolean contradict(Step a, Step b) {
            if (a.verb() == Verb.EXPECT_OK || b.verb() == Verb.EXPECT_OK) {
                Step other = a.verb() == Verb.EXPECT_OK ? b : a;
                return other.verb() == Verb.EXPECT_ERRNO;
            }
            return a.verb() != b.verb() || !a.arg(0).equals(b.arg(0));
        }
    }

    /** Parses one step line; the tokens are not empty and the first is not a header word. */
    private static Step parseStep(String source, int lineNo, String raw, List<Token> tokens) {
        Token verb = tokens.get(0);
        Verb v = Verb.byWords(verb.text, tokens.size() > 1 ? tokens.get(1).text : null);
        int first = 1;
        if (verb.text.equals("expect")) {
            if (tokens.size() < 2) {
                throw err(source, lineNo, raw.stripTrailing().length() + 1,
                        "expect needs what to expect: " + EXPECTATIONS);
            }
            if (v == null) {
                throw err(source, lineNo, tokens.get(1).column, "unknown expectation " + Syntax.quote(tokens.get(1).text)
                        + ": expected " + Verb.expectationWords());
            }
            first = 2;
        } else if (v == null) {
            throw err(source, lineNo, verb.column, "unknown step " + Syntax.quote(verb.text) + ": expected one of "
                    + String.join(", ", Verb.words()));
        }
        Syntax syntax = v.syntax();
        List<String> args = new ArrayList<>(3);
        Map<String, String> options = new java.util.HashMap<>(4);
        int t = first;
        for (Syntax.Part slot : syntax.slots()) {
            if (t >= tokens.size() || !slot.type().restOfLine() && tokens.get(t).text.contains("=")) {
                if (slot.optional()) {
                    break;
                }
                int col = t < tokens.size() ? tokens.get(t).column : endColumn(raw);
                throw err(source, lineNo, col, "missing " + (slot.type() == Syntax.Type.KEYWORD ? "'" + slot.label() + "'"
                        : slot.label()) + ": usage: " + syntax.usage());
            }
            if (slot.type().restOfLine()) {
                Token from = tokens.get(t);
                String text = String.join(" ", tokens.subList(t, tokens.size()).stream().map(Token::text).toList());
                String problem = Syntax.problem(slot, slot.label(), text);
                if (problem != null) {
                    throw err(source, lineNo, from.column, problem);
                }
                args.add(text);
                t = tokens.size();
                break;
            }
            Token tok = tokens.get(t++);
            if (slot.type() == Syntax.Type.KEYWORD) {
                if (!tok.text.equals(slot.label())) {
                    throw err(source, lineNo, tok.column, "expected '" + slot.label() + "' but found "
                            + Syntax.quote(tok.text) + ": usage: " + syntax.usage());
                }
                continue;
            }
            String problem = Syntax.problem(slot, slot.label(), tok.text);
            if (problem != null) {
                throw err(source, lineNo, tok.column, problem + (slot.type() == Syntax.Type.CHOICE
                        ? ": usage: " + syntax.usage() : ""));
            }
            args.add(tok.text);
        }
        Map<String, Integer> columns = new java.util.HashMap<>(4);
        for (; t < tokens.size(); t++) {
            columns.put(option(source, lineNo, tokens.get(t), syntax, options), tokens.get(t).column);
        }
        for (Syntax.Rule rule : syntax.rules()) {
            String problem = rule.problem(args, options);
            if (problem != null) {
                throw err(source, lineNo, columns.get(rule.option()), problem + ": usage: " + syntax.usage());
            }
        }
        if (v == Verb.EXPECT_REPORT && ReportKind.find(args.get(0)).isEmpty()) {
            throw err(source, lineNo, tokens.get(2).column, "unknown report kind " + Syntax.quote(args.get(0))
                    + ": expected one of " + ReportKind.ids());
        }
        return new Step(lineNo, v, args, options);
    }

    /** Parses one {@code key=value} option into {@code options}; @return its key */
    private static String option(String source, int lineNo, Token tok, Syntax syntax, Map<String, String> options) {
        int eq = tok.text.indexOf('=');
        if (eq < 0) {
            throw err(source, lineNo, tok.column, "unexpected " + Syntax.quote(tok.text) + ": usage: " + syntax.usage());
        }
        String k = tok.text.substring(0, eq);
        String v = tok.text.substring(eq + 1);
        Syntax.Part p = syntax.option(k);
        if (p == null) {
            throw err(source, lineNo, tok.column, "unknown option " + Syntax.quote(k) + " for " + syntax.key
                    + (syntax.optionKeys().isEmpty() ? " (it takes none)" : ": expected one of "
                    + String.join(", ", syntax.optionKeys())));
        }
        if (options.containsKey(k)) {
            throw err(source, lineNo, tok.column, "option '" + k + "' given twice");
        }
        int vcol = tok.column + eq + 1;
        if (v.isEmpty()) {
            throw err(source, lineNo, vcol, "option '" + k + "' needs a value");
        }
        String problem = Syntax.problem(p, k, v);
        if (problem != null) {
            throw err(source, lineNo, vcol, problem);
        }
        options.put(k, v);
        return k;
    }

    /** Parses a canonical step line written by {@link Step#toScript()} (trusted: it parsed once). */
    static Step canonical(String text, int lineNo) {
        return parseStep("<canonical>", lineNo, text, tokenize(text));
    }

    /** @return the column just past the last word before any comment, where a missing word belongs */
    private static int endColumn(String raw) {
        int hash = raw.indexOf('#');
        return (hash < 0 ? raw : raw.substring(0, hash)).stripTrailing().length() + 2;
    }

    private static List<Token> tokenize(String raw) {
        List<Token> out = new ArrayList<>();
        int hash = raw.indexOf('#');
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

    static ScenarioSyntaxException err(String source, int line, int column, String problem) {
        return new ScenarioSyntaxException(source, line, column, problem);
    }

    /** @return one usage line per header and step form, for help texts */
    public static List<String> usage() {
        List<String> out = new ArrayList<>();
        out.add("scenario NAME");
        out.add("description TEXT");
        out.add("seed N");
        out.add("policy " + Scenario.policyNames());
        for (Verb v : Verb.values()) {
            out.add(v.usage());
        }
        return out;
    }
}
