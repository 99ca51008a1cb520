package org.devres4j.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel's hot-plug announcements, read from a {@code NETLINK_KOBJECT_UEVENT} socket bound to the
 * kernel's multicast group through the FFM API ({@code java.lang.foreign}, JDK 22+): {@code socket},
 * {@code bind}, {@code poll} and {@code recvfrom} of the C library, called directly — no native code is
 * compiled. Only messages whose sender is the kernel (netlink port 0) and whose {@code SUBSYSTEM} is the
 * chosen one are returned. An overflowing socket buffer ({@code ENOBUFS}) is reported as a
 * {@link KernelEvent.Action#RESYNC} event. This class exists only in {@code META-INF/versions/22} of the
 * multi-release jar; {@link HotplugSource#netlink(String)} finds it.
 *
 * <p><b>Lifetime:</b> the socket is bound when the object is made, so the kernel queues every event from then
 * on; {@link #close()} wakes the waiting thread through an eventfd, waits until it has left the socket, then
 * closes both descriptors and frees the native memory. <b>Order:</b> the kernel's order. <b>Concurrency:</b>
 * one thread awaits; close from any thread.
 */
final class NetlinkUeventSource implements HotplugSource {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_KOBJECT_UEVENT = 15;
    private static final int KERNEL_GROUP = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final short POLLIN = 0x1;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ENOBUFS = 105;
    private static final int RECEIVE_BUFFER = 4 << 20;
    private static final int MESSAGE_MAX = 16 << 10;
    private static final int POLL_SLICE_MS = 200;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = fn("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = fn("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = fn("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = fn("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS));
    private static final MethodHandle POLL = fn("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle EVENTFD = fn("eventfd", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final String subsystem;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(CALL_STATE);
    private final MemorySegment buffer = arena.allocate(MESSAGE_MAX);
    private final MemorySegment sender = arena.allocate(12);
    private final MemorySegment senderLength = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment pollFds = arena.allocate(16);
    private final byte[] bytes = new byte[MESSAGE_MAX];
    private final int sock;
    private final int wakeFd;
    /* held by the awaiting thread while it uses the descriptors; close takes it before closing them */
    private final ReentrantLock io = new ReentrantLock();
    private volatile boolean closed;

    NetlinkUeventSource(String subsystem) {
        this.subsystem = Sysfs.requireElement("subsystem", subsystem);
        int s = -1;
        int e = -1;
        try {
            s = (int) SOCKET.invokeExact(state, AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
            if (s < 0) {
                throw unavailable("socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT)", errno());
            }
            MemorySegment one = arena.allocate(ValueLayout.JAVA_INT);
            one.set(ValueLayout.JAVA_INT, 0, RECEIVE_BUFFER);
            // a large queue survives bursts (hundreds of devices at once); without CAP_NET_ADMIN the capped size
            if ((int) SETSOCKOPT.invokeExact(state, s, SOL_SOCKET, SO_RCVBUFFORCE, one, 4) < 0) {
                int ignored = (int) SETSOCKOPT.invokeExact(state, s, SOL_SOCKET, SO_RCVBUF, one, 4);
            }
            MemorySegment addr = arena.allocate(12);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
            addr.set(ValueLayout.JAVA_INT, 4, 0);            // nl_pid: let the kernel pick
            addr.set(ValueLayout.JAVA_INT, 8, KERNEL_GROUP);  // nl_groups: the kernel's uevents
            if ((int) BIND.invokeExact(state, s, addr, 12) < 0) {
                throw unavailable("bind(netlink, group 1)", errno());
            }
            e = (int) EVENTFD.invokeExact(state, 0, EFD_CLOEXEC);
            if (e < 0) {
                throw unavailable("eventfd", errno());
            }
        } catch (RuntimeException | Error t) {
            closeQuietly(s);
            closeQuietly(e);
            arena.close();
            throw t;
        } catch (Throwable t) {
            closeQuietly(s);
            closeQuietly(e);
            arena.close();
            throw new HotplugUnavailableException("netlink uevent source for '" + subsystem + "': native call failed: " + t, t);
        }
        this.sock = s;
        this.wakeFd = e;
    }

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        MemorySegment addr = LINKER.defaultLookup().find(name).orElseThrow(() -> new HotplugUnavailableException(
                "netlink uevent source: the C library has no function '" + name + "'", null));
        return LINKER.downcallHandle(addr, fd, ERRNO_OPTION);
    }

    private HotplugUnavailableException unavailable(String call, int errno) {
        return new HotplugUnavailableException("netlink uevent source for '" + subsystem + "' unavailable: " + call
                + " failed with errno " + errno + " (" + Errnos.name(errno) + ")", null);
    }

    private int errno() {
        return (int) ERRNO.get(state, 0L);
    }

    @Override
    public String subsystem() {
        return subsystem;
    }

    @Override
    public KernelEvent.Origin origin() {
        return KernelEvent.Origin.NETLINK;
    }

    @Override
    public String describe() {
        return "netlink uevents (NETLINK_KOBJECT_UEVENT through FFM)";
    }

    @Override
    public List<KernelEvent> await() throws InterruptedException {
        io.lock();
        try {
            while (!closed) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("netlink uevent source for '" + subsystem + "': interrupted while waiting");
                }
                pollFds.set(ValueLayout.JAVA_INT, 0, sock);
                pollFds.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
                pollFds.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                pollFds.set(ValueLayout.JAVA_INT, 8, wakeFd);
                pollFds.set(ValueLayout.JAVA_SHORT, 12, POLLIN);
                pollFds.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
                int n = (int) POLL.invokeExact(state, pollFds, 2L, POLL_SLICE_MS);
                if (n < 0) {
                    int err = errno();
                    if (err == EINTR) {
                        continue;
                    }
                    throw new IllegalStateException("netlink uevent source for '" + subsystem + "': poll failed with errno "
                            + err + " (" + Errnos.name(err) + ")");
                }
                if (closed || pollFds.get(ValueLayout.JAVA_SHORT, 14) != 0) {
                    break;
                }
                if (pollFds.get(ValueLayout.JAVA_SHORT, 6) == 0) {
                    continue;
                }
                List<KernelEvent> events = drain();
                if (!events.isEmpty()) {
                    return events;
                }
            }
            return List.of();
        } catch (InterruptedException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("netlink uevent source for '" + subsystem + "': native call failed", t);
        } finally {
            io.unlock();
        }
    }

    /* Reads every queued message without blocking. */
    private List<KernelEvent> drain() throws Throwable {
        List<KernelEvent> events = new ArrayList<>();
        while (true) {
            senderLength.set(ValueLayout.JAVA_INT, 0, 12);
            long n = (long) RECVFROM.invokeExact(state, sock, buffer, (long) MESSAGE_MAX, MSG_DONTWAIT, sender, senderLength);
            long now = System.nanoTime();
            if (n < 0) {
                int err = errno();
                if (err == EINTR) {
                    continue;
                }
                if (err == EAGAIN) {
                    return events;
                }
                if (err == ENOBUFS) {
                    events.add(KernelEvent.resync(subsystem, KernelEvent.Origin.NETLINK));
                    continue;
                }
                throw new IllegalStateException("netlink uevent source for '" + subsystem + "': recvfrom failed with errno "
                        + err + " (" + Errnos.name(err) + ")");
            }
            if (sender.get(ValueLayout.JAVA_INT, 4) != 0) {
                continue; // not from the kernel: ignore
            }
            int len = (int) Math.min(n, MESSAGE_MAX);
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, bytes, 0, len);
            KernelEvent e = Uevents.parseMessage(bytes, len, subsystem, now);
            if (e != null) {
                events.add(e);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            MemorySegment st = a.allocate(CALL_STATE);
            long ignored = (long) WRITE.invokeExact(st, wakeFd, one, 8L);
        } catch (Throwable t) {
            // the waiting thread also wakes within POLL_SLICE_MS and sees the flag
        }
        io.lock();
        try {
            closeQuietly(sock);
            closeQuietly(wakeFd);
            arena.close();
        } finally {
            io.unlock();
        }
    }

    private static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(a.allocate(CALL_STATE), fd);
        } catch (Throwable t) {
            // nothing more can be done about a descriptor that does not close
        }
    }

    @Override
    public String toString() {
        return "NetlinkUeventSource[" + subsystem + (closed ? ", closed" : "") + "]";
    }
}
