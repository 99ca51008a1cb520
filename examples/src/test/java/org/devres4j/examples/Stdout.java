package org.devres4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.devres4j.junit.TestResources;

/** Captures System.out for the length of one test: the restore is a test-scoped action. */
final class Stdout {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private Stdout() {
    }

    /**
     * Sends System.out to a buffer until the test ends.
     *
     * @param res the test's resources; the original stream is put back when the test ends, also on failure
     * @return the capture
     */
    static Stdout capture(TestResources res) {
        Stdout s = new Stdout();
        PrintStream original = System.out;
        System.setOut(new PrintStream(s.bytes, true, StandardCharsets.UTF_8));
        res.addAction("restore System.out", () -> System.setOut(original));
        return s;
    }

    /** @return what was printed so far */
    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
