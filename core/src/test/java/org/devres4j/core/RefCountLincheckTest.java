package org.devres4j.core;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: RefCount's get / tryGet / put / count are linearizable, so in particular only one put
 * ever answers "released" and nothing leaves zero. Kept small so the module's tests stay fast.
 */
public class RefCountLincheckTest {

    private final RefCount ref = RefCount.create("lin", () -> { });

    /** @return true if a reference was taken, false if refused on a dead object */
    @Operation
    public boolean get() {
        try {
            ref.get();
            return true;
        } catch (IllegalReferenceCountException dead) {
            return false;
        }
    }

    @Operation
    public boolean tryGet() {
        return ref.tryGet();
    }

    /** @return 1 if this put released, 0 if not, -1 if refused (nothing left to drop) */
    @Operation
    public int put() {
        try {
            return ref.put() ? 1 : 0;
        } catch (IllegalReferenceCountException belowZero) {
            return -1;
        }
    }

    @Operation
    public int count() {
        return ref.count();
    }

    @Test
    void modelChecking() {
        // small on purpose: each invocation replays a whole scenario under Lincheck's instrumentation
        new ModelCheckingOptions().iterations(5).invocationsPerIteration(50).threads(2).actorsPerThread(3)
                .check(getClass());
    }
}
