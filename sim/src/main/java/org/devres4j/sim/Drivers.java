package org.devres4j.sim;

import java.util.List;

/** The drivers a script can load, by name. */
final class Drivers {

    private Drivers() {
    }

    static final List<String> NAMES = List.of("vgpu", "simple", "panel");

    static SimDriver create(String name, String variant, World world) {
        return switch (name) {
            case "vgpu" -> new VgpuAdapter(variant, world);
            case "simple" -> new SimpleGpu(variant, world);
            case "panel" -> new PanelDriver(variant, world);
            default -> throw new World.StepException("no driver '" + name + "': the simulator has " + NAMES);
        };
    }
}
