package org.devres4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code devres4j demo}: the core's story told with one owner — see {@link Demo}. Exit code 0 only
 * if every step behaved as expected, 1 otherwise.
 *
 * <p><b>Lifetime:</b> the demo's owner, list and gate live for one call. <b>Order:</b> the steps
 * run in a fixed order and print as they go. <b>Concurrency:</b> the demo's reader and unplug
 * threads are joined (with a bound) before the command returns.
 */
@Command(name = "demo",
        description = "Tell the core's story: an owner registers actions and a group, releases the group, "
                + "a reader sits inside a gate while another thread shuts it, the rest is released LIFO, "
                + "a use-after-release is caught, and the leak report comes back empty.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return new Demo(spec.commandLine().getOut()).run() ? 0 : 1;
    }
}
