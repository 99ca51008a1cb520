package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.devres4j.drm.DrmFile;
import org.devres4j.drm.DrmMapping;
import org.devres4j.drm.DrmMinorType;
import org.devres4j.drm.Ioctl;
import org.devres4j.drm.Result;

/**
 * A {@link UserFile} on a DRM file: ioctls by table name, mmaps of a fresh 4 KiB buffer.
 *
 * <p><b>Lifetime:</b> holds the DRM file (and so its device) until {@link #close()}. <b>Order:</b> calls
 * in step order. <b>Concurrency:</b> used on the world's thread.
 */
final class DrmUserFile implements UserFile {

    private final DrmFile file;
    private final String device;
    private final String card;
    private final java.util.Map<String, Long> args;
    private int buffers;

    DrmUserFile(DrmFile file, java.util.Map<String, Long> args) {
        this.file = file;
        this.args = args;
        this.device = file.device().parent().name();
        this.card = file.device().name();
    }

    /**
     * Opens a node of the newest registered DRM device on a parent device — what opening {@code /dev/dri/cardN}
     * or {@code renderDN} of that device reaches.
     *
     * @param cards  a driver's DRM devices, oldest first
     * @param parent the parent device
     * @param node   the node
     * @param args   the argument each ioctl gets from a script
     * @return the file, or empty if no DRM device on that parent is registered
     * @throws org.devres4j.uapi.ErrnoException as {@link org.devres4j.drm.DrmDevice#open(DrmMinorType)}
     */
    static java.util.Optional<UserFile> openNewest(List<org.devres4j.drm.DrmDevice> cards, org.devres4j.driver.Device parent,
                                                   DrmMinorType node, java.util.Map<String, Long> args) {
        for (int i = cards.size() - 1; i >= 0; i--) {
            org.devres4j.drm.DrmDevice d = cards.get(i);
            if (d.parent() == parent && !d.isFreed() && d.isRegistered()) {
                return java.util.Optional.of(new DrmUserFile(d.open(node), args));
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code VGPU_READ_REG} of driver {@code vgpu} is {@code read-reg} in scripts. */
    String norm(String ioctlName) {
        String n = ioctlName.toLowerCase(Locale.ROOT).replace('_', '-');
        String prefix = file.device().driver().name().toLowerCase(Locale.ROOT) + "-";
        return n.startsWith(prefix) ? n.substring(prefix.length()) : n;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public String card() {
        return card;
    }

    @Override
    public List<String> ioctls() {
        List<String> out = new ArrayList<>();
        for (Ioctl i : file.device().driver().ioctls()) {
            out.add(norm(i.name()));
        }
        return out;
    }

    @Override
    public CallResult ioctl(String name) {
        for (Ioctl i : file.device().driver().ioctls()) {
            if (norm(i.name()).equals(name)) {
                Result r = file.ioctl(i.nr(), args.getOrDefault(name, 0L));
                return r.isOk() ? CallResult.value(r.value()) : CallResult.errno(r.errno().name());
            }
        }
        throw new IllegalArgumentException("no ioctl '" + name + "' on " + card);
    }

    @Override
    public UserMap mmap() {
        int handle = file.createBuffer("bo" + (++buffers), 4096);
        DrmMapping m = file.mmap(handle, 0, 4096);
        return new UserMap() {
            private boolean unmapped;

            @Override
            public String describe() {
                return m.toString();
            }

            @Override
            public CallResult touch(boolean write) {
                if (write) {
                    m.write(0, (byte) 0x5a);
                    return CallResult.value(m.isZapped() ? "dropped" : "written");
                }
                return CallResult.value(m.read(0));
            }

            @Override
            public void unmap() {
                if (!unmapped) {
                    unmapped = true;
                    m.munmap();
                }
            }
        };
    }

    @Override
    public void close() {
        file.close();
    }
}
