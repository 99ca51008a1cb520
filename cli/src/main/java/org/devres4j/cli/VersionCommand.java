package org.devres4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code devres4j version} (and {@code --version}): prints the project version and the Java runtime.
 *
 * <p><b>Lifetime:</b> reads the version once per call from a resource filled in by the build.
 * <b>Order, concurrency:</b> one line, on the calling thread.
 */
@Command(name = "version", description = "Print the devres4j version and the Java runtime.")
final class VersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(line());
        return 0;
    }

    /** @return e.g. {@code devres4j 0.1.0-SNAPSHOT (Java 17.0.15+6)} */
    static String line() {
        return "devres4j " + version() + " (Java " + Runtime.version() + ")";
    }

    /** @return the version the build wrote into {@code version.properties} */
    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("devres4j version: resource org/devres4j/cli/version.properties "
                        + "is missing from the jar — rebuild the cli module");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("devres4j version: cannot read version.properties", e);
        }
    }

    /** Feeds {@code --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }
    }
}
