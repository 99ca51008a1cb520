package org.devres4j.linux;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.devres4j.core.Gate;

/**
 * One sysfs attribute file of a bound device, opened at probe and closed by the binding's devres list: the
 * "hardware" a driver on a real device reads. Every {@link #read()} goes through the binding's gate: it
 * enters a section, re-reads the file from offset 0 (sysfs regenerates the value on each read at offset 0),
 * and exits. The kernel guards its attribute files the same way (kernfs active references, drained when
 * the device is removed): a read that meets the removal is answered with ENODEV. Inside a section that is
 * the unplug racing the read, and it becomes {@link Reading.Gone#RACED} — never an exception.
 *
 * <p>A failed read is classified without looking at the error's text: it is the device gone if the file
 * can no longer be opened, or the device's directory now has another inode number (another device took
 * the name), or — for a network device — its {@code ifindex} attribute no longer reads its interface
 * index; otherwise the device is there and the read failed ({@link Reading.Status#FAILED}, e.g.
 * {@code speed} of a link that is down). The last check is needed because the removal of a network device
 * shows in two steps: from the start of its unregistration its attributes answer EINVAL (the interface is
 * no longer alive), and only once kernfs removed the files do they answer ENODEV.
 *
 * <p><b>Lifetime:</b> from {@link SysfsBinding#openAttribute} to the release of the binding's devres list;
 * after the gate is shut every read is {@link Reading.Gone#REFUSED}, and the gate is always shut before the
 * devres list closes the file. <b>Order:</b> reads of one attribute are serialized (the kernel serializes
 * reads of one open sysfs file as well); reads of different attributes run in parallel.
 * <b>Concurrency:</b> thread-safe. The file is a {@link RandomAccessFile}, which an interrupt does not
 * close (a {@code FileChannel} would be closed for every reader when any one reading thread is interrupted).
 */
public final class Attribute {

    /** The largest value sysfs returns (one page). */
    private static final int MAX = 4096;

    private final SysfsBinding binding;
    private final String name;
    private final Path path;
    private final long deviceInode;
    private final Object lock = new Object();
    /* @GuardedBy("lock") */
    private final byte[] buffer = new byte[MAX];
    /* @GuardedBy("lock") */
    private final RandomAccessFile file;
    /* @GuardedBy("lock") */
    private boolean closed;

    Attribute(SysfsBinding binding, String name, Path path, long deviceInode) throws IOException {
        this.binding = binding;
        this.name = name;
        this.path = path;
        this.deviceInode = deviceInode;
        this.file = new RandomAccessFile(path.toFile(), "r");
    }

    /** @return the path relative to the device directory, e.g. {@code statistics/rx_bytes} */
    public String name() {
        return name;
    }

    /** @return the device */
    public SysfsDevice device() {
        return binding.device();
    }

    /**
     * Reads the current value through the binding's gate.
     *
     * @return the value, {@link Reading.Status#GONE} (refused, or raced by the removal), or
     *         {@link Reading.Status#FAILED}; never throws for I/O
     * @throws IllegalStateException if the file was closed while the gate was open — the order rule broken
     *                               (a bug in whoever released the binding), never the device vanishing
     */
    public Reading read() {
        Gate gate = binding.gate();
        SysfsDevice dev = binding.device();
        int token = gate.tryEnter();
        if (token == Gate.REFUSED) {
            dev.countRefused();
            return Reading.gone(name, Reading.Gone.REFUSED);
        }
        try {
            dev.countRead();
            synchronized (lock) {
                if (closed) {
                    // inside an entered section the file is open: the gate is shut before the devres list runs
                    throw new IllegalStateException("read of attribute '" + name + "' of device '" + dev.name()
                            + "' inside an open section found its file closed — the binding's gate must be shut "
                            + "before its devres list closes the files");
                }
                try {
                    file.seek(0);
                    int n = file.read(buffer, 0, MAX);
                    int end = Math.max(n, 0);
                    while (end > 0 && (buffer[end - 1] == '\n' || buffer[end - 1] == ' ')) {
                        end--;
                    }
                    return Reading.value(name, new String(buffer, 0, end, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    if (vanished()) {
                        dev.countRaced();
                        return Reading.gone(name, Reading.Gone.RACED);
                    }
                    dev.countFailed();
                    return Reading.failed(name, e);
                }
            }
        } finally {
            gate.exit(token);
        }
    }

    /* After a failed read: is the device gone (file cannot be opened, or the directory is another device's)? */
    private boolean vanished() {
        try {
            new RandomAccessFile(path.toFile(), "r").close();
        } catch (IOException e) {
            return true;
        }
        SysfsDevice dev = binding.device();
        OptionalLong ino = Sysfs.inode(dev.directory());
        if (ino.isEmpty() || ino.getAsLong() != deviceInode) {
            return true;
        }
        String ifindex = dev.properties().get("IFINDEX");
        if (ifindex == null) {
            return false;
        }
        try {
            // a network device's attributes refuse to answer once its unregistration began
            return !Files.readString(dev.directory().resolve("ifindex")).strip().equals(ifindex);
        } catch (IOException e) {
            return true;
        }
    }

    /* The devres action: closes the file. The binding's gate is shut before the devres list runs. */
    void close() throws IOException {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                file.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Attribute[" + binding.device().name() + "/" + name + "]";
    }
}
