package org.devres4j.examples;

import org.devres4j.core.DeviceGoneException;
import org.devres4j.core.Managed;
import org.devres4j.core.Unpluggable;

/** The README's "Use it" example, run by a test that also checks the README shows exactly this code. */
public final class QuickStart {

    private QuickStart() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(String[] args) {
        // --- readme begins
        record Camera(String name) {}
        Unpluggable<Camera> cam = Unpluggable.create("video0", new Camera("video0"));
        cam.onUnplug("stop-stream", c -> System.out.println("stream stopped on " + c.name()));
        Managed<StringBuilder> frames = cam.alloc("frame-log", StringBuilder::new); // software state

        Unpluggable.Client viewer = cam.open();        // a client keeps the software state alive
        cam.run(c -> frames.get().append("frame 1 from ").append(c.name()));

        cam.unplug();                                  // hardware goes now, after the calls in flight
        try {
            cam.run(c -> frames.get().append(", frame 2"));
        } catch (DeviceGoneException e) {
            System.out.println(e.getMessage());
        }
        System.out.println("still readable: " + frames.get());
        viewer.close();                                // the last client: software released now
        System.out.println("released: " + cam.isReleased());
        // --- readme ends
    }
}
