package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devres front-end is typed to Device: a release action for another owner does not compile. */
class DevresTypingTest {

    @TempDir
    Path dir;

    private static final String TEMPLATE = String.join("\n",
            "import org.devres4j.core.Release;",
            "import org.devres4j.driver.Device;",
            "class Snippet {",
            "    static final class DrmLike { }",
            "    static void use(Device device) {",
            "        Release<OWNER> action = owner -> { };",
            "        device.devres().add(\"wrong-owner\", action);",
            "    }",
            "}");

    private List<Diagnostic<? extends JavaFileObject>> compile(String owner) throws IOException, URISyntaxException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler is available").isNotNull();
        Path src = dir.resolve(Integer.toHexString(owner.hashCode())).resolve("Snippet.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, TEMPLATE.replace("OWNER", owner));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of("-classpath", classpath(), "-d", src.getParent().toString(),
                    "-proc:none", "--release", "17");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjects(src.toFile())).call();
            List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).collect(Collectors.toList());
            assertThat(ok).isEqualTo(errors.isEmpty());
            return errors;
        }
    }

    /** The test's own class path and module path, plus the directory this module's classes came from. */
    private static String classpath() throws URISyntaxException {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(key);
            if (v != null && !v.isBlank()) {
                parts.add(v);
            }
        }
        parts.add(Path.of(Device.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        return String.join(File.pathSeparator, parts);
    }

    @Test
    void aReleaseForAnotherOwnerTypeDoesNotCompile() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("DrmLike");
        assertThat(errors).as("Release<DrmLike> on device.devres() must be a compile error").isNotEmpty();
        assertThat(errors.get(0).getLineNumber()).as(errors.toString()).isEqualTo(7);
        assertThat(errors.get(0).getMessage(Locale.ROOT)).contains("Release<Snippet.DrmLike>");
    }

    @Test
    void aReleaseForDeviceOrASupertypeCompiles() throws Exception {
        // the control: same snippet and class path, Device itself, plus a Release<Object> (a supertype)
        assertThat(compile("Device> ok = owner -> { }; device.devres().add(\"any\", (Release<Object>) o -> { }); "
                + "Release<Device")).as("the control snippet must compile").isEmpty();
    }
}
