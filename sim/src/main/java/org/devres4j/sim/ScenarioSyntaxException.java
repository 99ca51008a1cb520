package org.devres4j.sim;

/**
 * A scenario script that cannot be parsed: the message names the source, the line, the column and
 * what was expected there.
 *
 * <p><b>Lifetime:</b> thrown by {@link ScenarioScript#parse(String, String)}; nothing is kept.
 * <b>Order:</b> the first error of a script is reported. <b>Concurrency:</b> immutable.
 */
public final class ScenarioSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;
    private final int column;
    private final String problem;

    ScenarioSyntaxException(String sourceName, int line, int column, String problem) {
        super(sourceName + ":" + line + ":" + column + ": " + problem);
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** @return the source name given to the parser (a file name, or a built-in scenario's name) */
    public String sourceName() {
        return sourceName;
    }

    /** @return the 1-based line of the error */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the error */
    public int column() {
        return column;
    }

    /** @return what is wrong, without the position */
    public String problem() {
        return problem;
    }
}
