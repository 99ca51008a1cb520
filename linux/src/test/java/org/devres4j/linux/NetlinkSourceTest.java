package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The netlink source against the real kernel (JDK 22+, root): the kernel's own add and remove of a veth
 * pair arrive in order with their sequence numbers and interface indexes; close wakes a waiting thread;
 * nothing leaks; and a bus started after events were queued applies each device once.
 */
@Tag("netlink")
@ExtendWith({NetlinkAvailable.class, RealDevices.class})
@Timeout(120)
class NetlinkSourceTest {

    private static List<KernelEvent> collect(HotplugSource s, int count) throws InterruptedException {
        List<KernelEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            for (KernelEvent e : s.await()) {
                if (e.name().startsWith(Veth.runPrefix())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    @Test
    void theKernelsAddAndRemoveArriveInOrderWithSeqnumAndIfindex() throws Exception {
        try (HotplugSource s = HotplugSource.netlink("net")) {
            assertThat(s.origin()).isEqualTo(KernelEvent.Origin.NETLINK);
            String name = Veth.newName();
            Veth.add(name);
            Veth.del(name);
            List<KernelEvent> events = collect(s, 4);

            assertThat(events).extracting(e -> e.action() + " " + e.name()).containsExactlyInAnyOrder(
                    "ADD " + name, "ADD " + Veth.peer(name), "REMOVE " + name, "REMOVE " + Veth.peer(name));
            assertThat(events).allMatch(e -> e.subsystem().equals("net") && e.seqnum() > 0
                    && e.properties().containsKey("IFINDEX"));
            assertThat(events).extracting(KernelEvent::seqnum).isSorted();
            assertThat(events.subList(0, 2)).allMatch(e -> e.action() == KernelEvent.Action.ADD);
        }
    }

    @Test
    void closeWakesTheWaitingThreadAndNothingLeaks() throws Exception {
        HotplugSource warm = HotplugSource.netlink("net");
        warm.close();
        Map<Integer, String> fds = Leaks.fds();
        for (int i = 0; i < 20; i++) {
            HotplugSource s = HotplugSource.netlink("net");
            CompletableFuture<List<KernelEvent>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    List<KernelEvent> all = new ArrayList<>();
                    List<KernelEvent> got;
                    while (!(got = s.await()).isEmpty()) {
                        all.addAll(got); // other devices' events, if any, until the close
                    }
                    return all;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(5);
            long t0 = System.nanoTime();
            s.close();
            waiting.get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("close → await returned").isLessThan(Duration.ofSeconds(5));
            assertThat(s.isClosed()).isTrue();
        }
        assertThat(Leaks.fds()).as("descriptors after 20 opened and closed sources").containsExactlyEntriesOf(fds);
    }

    @Test
    void eventsQueuedBeforeTheStartAreSkippedSoEachDeviceIsPluggedOnce() throws Exception {
        Recorder rec = new Recorder();
        String name = Veth.newName();
        try (SysfsBus bus = new SysfsBus(Sysfs.system(), HotplugSource.netlink("net"))) {
            bus.addListener(rec);
            Veth.add(name); // the socket queues its adds; the enumeration will also see it
            bus.start();
            rec.await(LinuxEvent.Skipped.class, x -> x.event().name().equals(name));
            rec.await(LinuxEvent.Skipped.class, x -> x.event().name().equals(Veth.peer(name)));

            assertThat(rec.of(LinuxEvent.Plugged.class)).filteredOn(p -> p.device().startsWith(name))
                    .extracting(LinuxEvent.Plugged::device, LinuxEvent.Plugged::origin)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(name, KernelEvent.Origin.COLDPLUG),
                            org.assertj.core.groups.Tuple.tuple(Veth.peer(name), KernelEvent.Origin.COLDPLUG));
            assertThat(rec.of(LinuxEvent.Skipped.class)).filteredOn(x -> x.device().startsWith(name))
                    .allMatch(x -> x.reason().startsWith("already enumerated (seqnum "));

            Veth.del(name);
            rec.await(LinuxEvent.Unplugged.class, u -> u.device().equals(name));
            rec.await(LinuxEvent.Unplugged.class, u -> u.device().equals(Veth.peer(name)));
            assertThat(rec.of(LinuxEvent.Unplugged.class)).filteredOn(u -> u.device().startsWith(name))
                    .allMatch(u -> u.reason().equals("removed by the kernel")).hasSize(2);
        }
    }
}
