package org.devres4j.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The sysfs tree a bus reads: {@code /sys} on a real system, or a directory laid out like it in tests. It
 * lists the devices of a subsystem ({@code class/<subsystem>/<name>}, each a link to the device's
 * directory), describes one as the kernel's {@code add} uevent would, and reads the kernel's current
 * uevent sequence number ({@code kernel/uevent_seqnum}).
 *
 * <p><b>Lifetime:</b> a value holding a root path; nothing is kept open. <b>Order:</b> the kernel may add
 * and remove devices between any two calls; every method copes with a device vanishing under it (it is then
 * left out, never an exception). <b>Concurrency:</b> immutable and thread-safe.
 */
public final class Sysfs {

    private final Path root;

    /**
     * @param root the directory that plays {@code /sys}
     * @throws NullPointerException if it is null
     */
    public Sysfs(Path root) {
        this.root = Objects.requireNonNull(root, "Sysfs: the root must not be null").toAbsolutePath();
    }

    /** @return the real {@code /sys} */
    public static Sysfs system() {
        return new Sysfs(Path.of("/sys"));
    }

    /** @return the root directory */
    public Path root() {
        return root;
    }

    /**
     * @param subsystem a subsystem name, e.g. {@code net}
     * @return {@code <root>/class/<subsystem>}
     * @throws IllegalArgumentException if the name is blank or not a single path element
     */
    public Path classDir(String subsystem) {
        return root.resolve("class").resolve(requireElement("subsystem", subsystem));
    }

    /**
     * Checks that a name is one path element, so that it cannot reach outside the tree.
     *
     * @param what  what the name is, for the message
     * @param name  the name
     * @return the name
     * @throws IllegalArgumentException naming the value and the rule
     */
    static String requireElement(String what, String name) {
        Objects.requireNonNull(name, "sysfs: the " + what + " name must not be null");
        if (name.isBlank() || name.contains("/") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("sysfs: the " + what + " name '" + name + "' is refused: it must be "
                    + "one non-blank path element (no '/', not '.' or '..')");
        }
        return name;
    }

    /**
     * @return the kernel's latest uevent sequence number, or {@link KernelEvent#NO_SEQNUM} where the tree
     *         has none
     */
    public long seqnum() {
        try {
            return Long.parseLong(Files.readString(root.resolve("kernel/uevent_seqnum")).trim());
        } catch (IOException | NumberFormatException e) {
            return KernelEvent.NO_SEQNUM;
        }
    }

    /**
     * The names under {@code class/<subsystem>}, sorted.
     *
     * @param subsystem the subsystem
     * @return the names (empty if the subsystem does not exist)
     * @throws java.io.UncheckedIOException if the directory exists but cannot be listed
     */
    public List<String> names(String subsystem) {
        Path dir = classDir(subsystem);
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("sysfs: cannot list " + dir, e);
        }
        out.sort(null);
        return out;
    }

    /**
     * Every device of the subsystem, each described as an {@code add} event.
     *
     * @param subsystem the subsystem
     * @param origin    the origin the events carry
     * @return the events, by name
     */
    public List<KernelEvent> enumerate(String subsystem, KernelEvent.Origin origin) {
        List<KernelEvent> out = new ArrayList<>();
        for (String name : names(subsystem)) {
            describe(subsystem, name, origin).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Describes a device as its {@code add} uevent would: the properties of its {@code uevent} file plus
     * {@code ACTION}, {@code DEVPATH} and {@code SUBSYSTEM}.
     *
     * @param subsystem the subsystem
     * @param name      the device's name under {@code class/<subsystem>}
     * @param origin    the origin the event carries
     * @return the event, or empty if the device is not there (or vanished while being read)
     */
    public Optional<KernelEvent> describe(String subsystem, String name, KernelEvent.Origin origin) {
        Path link = classDir(subsystem).resolve(requireElement("device", name));
        try {
            Path real = link.toRealPath();
            Map<String, String> props = new LinkedHashMap<>();
            props.put("ACTION", "add");
            String devpath = "/" + root.toRealPath().relativize(real).toString();
            props.put("DEVPATH", devpath);
            props.put("SUBSYSTEM", subsystem);
            props.putAll(Uevents.parseLines(Files.readString(real.resolve("uevent")), '\n'));
            return Optional.of(new KernelEvent(KernelEvent.Action.ADD, devpath, subsystem, KernelEvent.NO_SEQNUM,
                    props, origin, System.nanoTime()));
        } catch (IOException e) {
            return Optional.empty(); // gone between the listing and the read: it is not there
        }
    }

    /**
     * The inode number of a device's directory: kernfs gives every node a number of its own, so a device
     * removed and added again under the same name has a different one.
     *
     * @param dir the device's directory (links followed)
     * @return the inode number, or empty if the directory is gone
     */
    static OptionalLong inode(Path dir) {
        try {
            Object ino = Files.getAttribute(dir, "unix:ino");
            return ino instanceof Long ? OptionalLong.of((Long) ino) : OptionalLong.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return "Sysfs[" + root + "]";
    }
}
