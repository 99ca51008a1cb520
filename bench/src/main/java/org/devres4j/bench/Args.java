package org.devres4j.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Command-line and output helpers shared by the harness mains. */
final class Args {

    private Args() {
    }

    static boolean flag(String[] args, String name) {
        for (String a : args) {
            if (a.equals(name)) {
                return true;
            }
        }
        return false;
    }

    static String value(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static Path path(String[] args, String name, String fallback) {
        return Path.of(value(args, name, fallback));
    }

    static void store(Properties p, Path out, String comment) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            p.store(os, comment);
        }
        System.out.println("wrote " + out);
    }
}
