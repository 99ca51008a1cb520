package org.devres4j.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A directory laid out like {@code /sys} for tests that need no root: {@code class/net/NAME} links to
 * {@code devices/virtual/net/NAME}, which holds a {@code uevent} file and attribute files; plus
 * {@code kernel/uevent_seqnum}. And {@link Script}, a hot-plug source that returns the events a test offers.
 */
final class FakeSysfs {

    final Path root;
    final Sysfs sysfs;

    FakeSysfs(Path root) {
        this.root = root;
        this.sysfs = new Sysfs(root);
        try {
            Files.createDirectories(root.resolve("class/net"));
            Files.createDirectories(root.resolve("devices/virtual/net"));
            Files.createDirectories(root.resolve("kernel"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seqnum(0);
    }

    void seqnum(long n) {
        write(root.resolve("kernel/uevent_seqnum"), n + "\n");
    }

    /** Adds a network device with the given interface index and attribute values. */
    FakeSysfs add(String name, int ifindex, Map<String, String> attributes) {
        Path dir = root.resolve("devices/virtual/net/" + name);
        try {
            Files.createDirectories(dir);
            write(dir.resolve("uevent"), "INTERFACE=" + name + "\nIFINDEX=" + ifindex + "\n");
            write(dir.resolve("ifindex"), ifindex + "\n");
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                Path f = dir.resolve(a.getKey());
                Files.createDirectories(f.getParent());
                write(f, a.getValue() + "\n");
            }
            Files.createSymbolicLink(root.resolve("class/net/" + name), Path.of("../../devices/virtual/net/" + name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FakeSysfs add(String name, int ifindex) {
        return add(name, ifindex, Map.of("mtu", "1500", "type", "1"));
    }

    /** Removes a device: its link and its directory. */
    void remove(String name) {
        try {
            Files.deleteIfExists(root.resolve("class/net/" + name));
            Path dir = root.resolve("devices/virtual/net/" + name);
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    List<Path> paths = new ArrayList<>(walk.toList());
                    java.util.Collections.reverse(paths);
                    for (Path p : paths) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces a device by another of the same name: the old directory is moved aside (so that its inode
     * number cannot be reused by the file system, as kernfs never reuses one) and a new one is made.
     */
    void replace(String name, int ifindex) {
        try {
            Files.delete(root.resolve("class/net/" + name));
            Path old = root.resolve("devices/virtual/net/" + name);
            Files.createDirectories(root.resolve("graveyard"));
            Files.move(old, root.resolve("graveyard/" + name + "-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        add(name, ifindex);
    }

    /** @return the kernel's add event of a device in this tree */
    KernelEvent event(KernelEvent.Action action, String name, int ifindex, long seqnum) {
        return new KernelEvent(action, "/devices/virtual/net/" + name, "net", seqnum,
                Map.of("ACTION", action.name().toLowerCase(java.util.Locale.ROOT), "DEVPATH", "/devices/virtual/net/" + name,
                        "SUBSYSTEM", "net", "INTERFACE", name, "IFINDEX", Integer.toString(ifindex),
                        "SEQNUM", Long.toString(seqnum)),
                KernelEvent.Origin.NETLINK, System.nanoTime());
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source that returns what the test offers, one batch per {@link #offer}. */
    static final class Script implements HotplugSource {
        private static final List<KernelEvent> CLOSED = List.of();
        private final BlockingQueue<List<KernelEvent>> batches = new LinkedBlockingQueue<>();
        private volatile boolean closed;

        void offer(KernelEvent... events) {
            batches.add(List.of(events));
        }

        @Override
        public String subsystem() {
            return "net";
        }

        @Override
        public KernelEvent.Origin origin() {
            return KernelEvent.Origin.NETLINK;
        }

        @Override
        public String describe() {
            return "scripted events";
        }

        @Override
        public List<KernelEvent> await() throws InterruptedException {
            if (closed) {
                return List.of();
            }
            List<KernelEvent> b = batches.take();
            return b == CLOSED || closed ? List.of() : b;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            batches.add(CLOSED);
        }
    }
}
