package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A failed demo check is printed and kept, so the demo exits non-zero. */
class ChecksTest {

    @Test
    void aFailedCheckIsPrintedAndCounted() {
        StringWriter buffer = new StringWriter();
        Checks checks = new Checks(new PrintWriter(buffer));

        checks.check(true, "fine", "not fine");
        checks.check(false, "good", "the release order was [a, b]");
        checks.fail("part 2 stopped");

        assertThat(checks.count()).isEqualTo(3);
        assertThat(checks.failures()).containsExactly("the release order was [a, b]", "part 2 stopped");
        assertThat(buffer.toString()).containsSubsequence("  ok: fine", "  FAILED: the release order was [a, b]",
                "  FAILED: part 2 stopped");
    }
}
