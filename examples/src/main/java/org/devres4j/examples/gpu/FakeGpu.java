package org.devres4j.examples.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a GPU driver's user-space side (a Vulkan or CUDA device): command submission and a
 * mapped register window (BAR), which are hardware; the application's own rendering state is software.
 *
 * <p><b>Lifetime:</b> the BAR is mapped until {@link #unmapBar()}. <b>Order:</b> commands run in
 * submission order. <b>Concurrency:</b> callers serialise submissions.
 */
public final class FakeGpu {
    private final String name;
    private final List<String> executed = new ArrayList<>();
    private boolean mapped = true;

    /**
     * Opens the GPU.
     *
     * @param name the device name, e.g. {@code "card0"}
     */
    public FakeGpu(String name) {
        this.name = name;
    }

    /** @return the device name */
    public String name() {
        return name;
    }

    /**
     * Runs a command through the BAR.
     *
     * @param command the command
     * @return the fence number
     */
    public int submit(String command) {
        if (!mapped) {
            throw new IllegalStateException(name + ": submit through an unmapped BAR (a machine check in real life)");
        }
        executed.add(command);
        return executed.size();
    }

    /** Unmaps the register window (hardware: goes at unplug). */
    public void unmapBar() {
        mapped = false;
    }

    /** @return whether the BAR is mapped */
    public boolean isMapped() {
        return mapped;
    }
}
