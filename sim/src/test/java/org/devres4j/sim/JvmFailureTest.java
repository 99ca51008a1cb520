package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A failure of the JVM itself (an OutOfMemoryError in a driver's worker, wrapped in the kernel's own
 * exception) is not a finding about the model: the simulator throws it on instead of counting it as
 * an unexpected kernel failure, so the command line reports it as an internal error (exit code 2).
 */
class JvmFailureTest {

    @Test
    void anOutOfMemoryErrorAmongTheCausesIsThrownOnNotReported() {
        try (World w = new World(1, "current")) {
            IllegalStateException wrapped = new IllegalStateException("flush on card0 failed",
                    new OutOfMemoryError("Java heap space"));
            assertThatThrownBy(() -> w.sanitizer.fault("FAULT", "in ioctl flush", wrapped))
                    .isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
            assertThat(w.sanitizer.firstOops()).as("not counted as the model's failure").isNull();
            w.sanitizer.fault("FAULT", "in ioctl flush", new IllegalStateException("flush on card0 failed"));
            assertThat(w.sanitizer.firstOops()).contains("in ioctl flush: IllegalStateException: flush on card0 failed");
        }
    }
}
