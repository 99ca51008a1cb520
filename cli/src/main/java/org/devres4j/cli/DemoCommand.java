package org.devres4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code devres4j demo}: see {@link Demo}. Exit code 0 only if every check passed, 1 otherwise.
 *
 * <p><b>Lifetime:</b> everything the demo builds lives for one call. <b>Order:</b> the parts run in a
 * fixed order and print as they go. <b>Concurrency:</b> on the calling thread.
 */
@Command(name = "demo",
        description = {"Show the model at work, with checks (the default command).",
                "Parts: (1) the driver model — probe, devres, unbind, "
                + "rebind, a faux device; (2) vgpu's hot-unplug story — a file open across the unplug, a new "
                + "instance on the same parent, the drmm list released at the last close; (3) every built-in "
                + "scenario, buggy and fixed, under the sanitizer.",
                "Exit codes: 0 every check passed, 1 a check failed."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return new Demo(spec.commandLine().getOut()).run() ? 0 : 1;
    }
}
