package org.devres4j.sim;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The steps of a parsed script, kept compactly: each step as its canonical script line in one shared
 * text, with its offset and its script line number — tens of bytes per step instead of a few hundred
 * for step objects, so a script of a million steps fits a small heap. {@link #get(int)} parses the
 * canonical line again (it parsed once, so it cannot fail).
 *
 * <p><b>Lifetime:</b> part of an immutable {@link Scenario}. <b>Order:</b> the script's order.
 * <b>Concurrency:</b> immutable, thread-safe.
 */
final class ScriptSteps extends AbstractList<Step> implements RandomAccess {

    private final String text;
    private final int[] starts;
    private final int[] lines;

    private ScriptSteps(String text, int[] starts, int[] lines) {
        this.text = text;
        this.starts = starts;
        this.lines = lines;
    }

    @Override
    public Step get(int index) {
        if (index < 0 || index >= lines.length) {
            throw new IndexOutOfBoundsException("step " + index + " of " + lines.length);
        }
        int end = index + 1 < lines.length ? starts[index + 1] - 1 : text.length();
        return ScenarioScript.canonical(text.substring(starts[index], end), lines[index]);
    }

    @Override
    public int size() {
        return lines.length;
    }

    /** Collects steps while a script is parsed or a fuzz run records them. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private int[] starts = new int[16];
        private int[] lines = new int[16];
        private int size;

        void add(Step step) {
            if (size == lines.length) {
                starts = Arrays.copyOf(starts, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
            }
            if (size > 0) {
                text.append('\n');
            }
            starts[size] = text.length();
            lines[size] = step.line();
            size++;
            text.append(step.toScript());
        }

        int size() {
            return size;
        }

        /** @return the script line of the first step, or 0 if there is none yet */
        int firstLine() {
            return size == 0 ? 0 : lines[0];
        }

        ScriptSteps build() {
            return new ScriptSteps(text.toString(), Arrays.copyOf(starts, size), Arrays.copyOf(lines, size));
        }
    }
}
