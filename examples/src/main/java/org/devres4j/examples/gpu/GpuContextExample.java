package org.devres4j.examples.gpu;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.devres4j.core.DeviceGoneException;
import org.devres4j.core.Managed;
import org.devres4j.core.Unpluggable;
import org.devres4j.core.UseAfterReleaseException;

/**
 * A GPU context whose software state outlives a surprise removal while a client (a compositor) holds
 * it: after the unplug, submissions fail with {@link DeviceGoneException} but the client can still read
 * its context; the context is freed when the client closes — seed 004's rule of thumb, drmm for
 * software and devm for hardware, for an application.
 */
public final class GpuContextExample {

    /** The application's rendering state: frames submitted, and the last fence. */
    static final class RenderContext {
        final List<String> frames = new ArrayList<>();
        int lastFence;
    }

    // --- user code begins
    /** The application's GPU: hardware at unplug, the render context at the last client's close. */
    static final class ManagedGpu {
        final Unpluggable<FakeGpu> gpu;
        final Managed<RenderContext> context;

        ManagedGpu(FakeGpu raw, PrintStream log) {
            gpu = Unpluggable.create(raw.name(), raw);
            gpu.onUnplug("unmap-bar", FakeGpu::unmapBar);                  // hardware
            context = gpu.alloc("render-context", RenderContext::new,       // software
                    ctx -> log.println("context freed after " + ctx.frames.size() + " frame(s)"));
        }

        void render(String frame) {
            int fence = gpu.call(g -> g.submit(frame));                   // DeviceGoneException once unplugged
            context.get().frames.add(frame);
            context.get().lastFence = fence;
        }
    }
    // --- user code ends

    private GpuContextExample() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        FakeGpu raw = new FakeGpu("card0");
        ManagedGpu gpu = new ManagedGpu(raw, out);
        Unpluggable.Client compositor = gpu.gpu.open();
        gpu.render("frame-1");
        gpu.render("frame-2");

        gpu.gpu.unplug(); // surprise removal: the BAR goes now, the context stays for the compositor
        out.println("after unplug: BAR mapped " + raw.isMapped() + ", context still readable: "
                + gpu.context.get().frames + " (last fence " + gpu.context.get().lastFence + ")");
        try {
            gpu.render("frame-3");
        } catch (DeviceGoneException e) {
            out.println("render after unplug: " + e.getMessage());
        }

        compositor.close(); // the last client lets go: the software state is released now
        try {
            gpu.context.get();
        } catch (UseAfterReleaseException e) {
            out.println("context after the last close: " + e.getClass().getSimpleName());
        }
        out.println("released: " + gpu.gpu.isReleased());
    }
}
