package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.devres4j.core.Release;
import org.devres4j.driver.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drmm front-end takes only DrmDevice actions, the devres front-end only Device actions: mix-ups do not compile. */
class DrmmTypingTest {

    @TempDir
    Path dir;

    private List<Diagnostic<? extends JavaFileObject>> compile(String tag, String body) throws Exception {
        String src = String.join("\n",
                "import org.devres4j.core.Release;",
                "import org.devres4j.driver.Device;",
                "import org.devres4j.drm.DrmDevice;",
                "class Snippet {",
                "    static void use(Device device, DrmDevice drm) {",
                "        " + body,
                "    }",
                "}");
        Path file = dir.resolve(tag).resolve("Snippet.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler").isNotNull();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, null)) {
            List<String> opts = List.of("-classpath", classpath(), "-d", file.getParent().toString(), "-proc:none", "--release", "17");
            javac.getTask(null, fm, diags, opts, null, fm.getJavaFileObjects(file.toFile())).call();
        }
        return diags.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }

    private static String classpath() throws Exception {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(key);
            if (v != null && !v.isBlank()) {
                parts.add(v);
            }
        }
        parts.add(Path.of(DrmDevice.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        parts.add(Path.of(Release.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        parts.add(Path.of(Device.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        return String.join(File.pathSeparator, parts);
    }

    @Test
    void aDeviceReleaseCannotGoOnTheDrmmList() throws Exception {
        var errors = compile("devOnDrmm", "Release<Device> r = d -> { }; drm.managed().add(\"wrong\", r);");
        assertThat(errors).as("Release<Device> on drm.managed() must not compile").isNotEmpty();
        assertThat(errors.get(0).getLineNumber()).isEqualTo(6);
        assertThat(errors.get(0).getMessage(Locale.ROOT)).contains("Release<org.devres4j.driver.Device> cannot be converted");
    }

    @Test
    void aDrmDeviceReleaseCannotGoOnTheDevresList() throws Exception {
        var errors = compile("drmOnDevres", "Release<DrmDevice> r = d -> { }; device.devres().add(\"wrong\", r);");
        assertThat(errors).as("Release<DrmDevice> on device.devres() must not compile").isNotEmpty();
        assertThat(errors.get(0).getMessage(Locale.ROOT)).contains("Release<org.devres4j.drm.DrmDevice> cannot be converted");
    }

    @Test
    void theMatchingOwnersCompile() throws Exception {
        assertThat(compile("ok", "Release<DrmDevice> r = d -> { }; drm.managed().add(\"ok\", r);"
                + " Release<Device> q = d -> { }; device.devres().add(\"ok\", q);"
                + " Release<Object> any = o -> { }; drm.managed().add(\"any\", any);")).isEmpty();
    }
}
