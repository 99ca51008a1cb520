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
 * <b>Concurrency:</b> immutable once built (its buffer is never written again), so thread-safe.
 */
final class ScriptSteps extends AbstractList<Step> implements RandomAccess {

    /** The canonical lines, one after the other; never changed after {@link Builder#build()}. */
    private final StringBuilder text;
    private final int[] starts;
    private final int[] lines;
    private final int size;

    private ScriptSteps(StringBuilder text, int[] starts, int[] lines, int size) {
        this.text = text;
        this.starts = starts;
        this.lines = lines;
        this.size = size;
    }

    @Override
    public Step get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("step " + index + " of " + size);
        }
        int end = index + 1 < size ? starts[index + 1] - 1 : text.length();
        return ScenarioScript.canonical(text.substring(starts[index], end), lines[index]);
    }

    @Override
    public int size() {
        return size;
    }

    /** Collects steps while a script is parsed or a fuzz run records them. */
    static final class Builder {
        private final StringBuilder text;
        private int[] starts = new int[16];
        private int[] lines = new int[16];
        private int size;

        Builder() {
            this(64);
        }

        /** @param capacity about how many characters the steps will take (a script's length) */
        Builder(int capacity) {
            this.text = new StringBuilder(Math.max(16, capacity));
        }

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

        /** @return the steps; the builder hands its buffers over (no copy of a large script) and is done */
        ScriptSteps build() {
            return new ScriptSteps(text, starts, lines, size);
        }
    }
}
