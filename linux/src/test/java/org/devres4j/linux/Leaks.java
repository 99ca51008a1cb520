package org.devres4j.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a test checks was not leaked: file descriptors ({@code /proc/self/fd}, by number and target) and
 * threads. A snapshot is taken after a warm-up, so that classes loaded for the first time (whose jar files
 * the class loader keeps open) do not count.
 */
final class Leaks {

    private Leaks() {
    }

    /** @return open descriptors: number → target, without jar files held by class loaders */
    static Map<Integer, String> fds() {
        Map<Integer, String> out = new TreeMap<>();
        Path dir = Path.of("/proc/self/fd");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (!target.endsWith(".jar")) {
                        out.put(Integer.parseInt(p.getFileName().toString()), target);
                    }
                } catch (IOException e) {
                    // the descriptor of the listing itself, closed by now
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd: " + e, e);
        }
        // the listing's own descriptor is open while listing: drop entries that point to the fd directory
        out.values().removeIf(t -> t.startsWith("/proc/") && t.endsWith("/fd"));
        return out;
    }

    /** @return live threads, without the JDK's process reapers (pooled, they idle for a while after a child exits) */
    static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("process reaper"))
                .collect(Collectors.toSet());
    }

    /**
     * Waits (bounded) for threads started since {@code before} to end, and returns the ones still alive.
     *
     * @param before the snapshot
     * @return new threads still alive after up to 10 s
     */
    static Set<Thread> newThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Set<Thread> extra;
        do {
            extra = threads();
            extra.removeAll(before);
            if (extra.isEmpty()) {
                return extra;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return extra;
    }
}
