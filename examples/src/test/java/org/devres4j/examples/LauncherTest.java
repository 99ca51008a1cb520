package org.devres4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./devres4j launcher, run from a directory outside the repository as a user would: relative paths
 * resolve from where the user is, not from the repository.
 */
@Timeout(300)
class LauncherTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void relativePathsResolveFromTheCallersDirectory(@TempDir Path work) throws Exception {
        assumeTrue(Files.isRegularFile(ROOT.resolve("cli/target/devres4j-cli.jar")),
                "cli/target/devres4j-cli.jar is built by the reactor before this module (mvn verify from the root)");
        Files.copy(ROOT.resolve("examples/scenarios/unplug-while-open.scenario"), work.resolve("my.scenario"));

        Process p = new ProcessBuilder("bash", ROOT.resolve("devres4j").toString(), "run", "my.scenario", "--html", "rel.html")
                .directory(work.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the launcher finished").isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("unplug-while-open: clean");
        assertThat(work.resolve("rel.html")).as("--html rel.html lands in the caller's directory").isRegularFile();
        assertThat(Files.readString(work.resolve("rel.html"))).contains("unplug-while-open");
        assertThat(ROOT.resolve("rel.html")).as("nothing is written into the repository").doesNotExist();
    }

    @Test
    void theLauncherNeverChangesDirectory() throws IOException {
        String script = Files.readString(ROOT.resolve("devres4j"));
        assertThat(script.lines().filter(l -> !l.strip().startsWith("#")))
                .as("a top-level cd in the launcher would resolve the user's relative paths from the repository")
                .noneMatch(l -> l.matches("^cd\\b.*") || l.matches("^\\s*cd \"\\$root\".*"));
    }
}
