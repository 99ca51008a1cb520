package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JDK 17 source on a fake tree: additions, removals, replacements between two scans, and close. */
@Timeout(60)
class SysfsScanSourceTest {

    @TempDir
    Path dir;

    @Test
    void scansReportRemovalsThenAdditionsAndAReplacementAsBoth() throws Exception {
        FakeSysfs tree = new FakeSysfs(dir).add("eth0", 2).add("eth1", 3);
        try (HotplugSource s = HotplugSource.scanning(tree.sysfs, "net", Duration.ofMillis(1))) {
            assertThat(s.origin()).isEqualTo(KernelEvent.Origin.SCAN);
            tree.add("eth2", 4);
            tree.remove("eth1");
            List<KernelEvent> first = collect(s, 2);
            assertThat(first).extracting(e -> e.action() + " " + e.name() + " " + e.identity())
                    .containsExactly("REMOVE eth1 ifindex 3", "ADD eth2 ifindex 4");

            tree.replace("eth0", 9); // same name, new directory: another device
            assertThat(collect(s, 2)).extracting(e -> e.action() + " " + e.name() + " " + e.identity())
                    .containsExactly("REMOVE eth0 ifindex 2", "ADD eth0 ifindex 9");
        }
    }

    /* A new directory is reported by the second scan that sees it: the events may come in more than one batch. */
    private static List<KernelEvent> collect(HotplugSource s, int count) throws InterruptedException {
        List<KernelEvent> out = new java.util.ArrayList<>();
        while (out.size() < count) {
            out.addAll(s.await());
        }
        return out;
    }

    @Test
    void aDirectorySeenByOneScanOnlyIsNotReported() throws Exception {
        FakeSysfs tree = new FakeSysfs(dir);
        try (HotplugSource s = HotplugSource.scanning(tree.sysfs, "net", Duration.ofMillis(1))) {
            tree.add("eth0", 2);
            tree.add("eth1", 3);
            List<KernelEvent> first = s.await(); // the scan that saw them first reported nothing; this is the second
            tree.remove("eth1");
            assertThat(first).extracting(e -> e.action() + " " + e.name()).containsExactly("ADD eth0", "ADD eth1");
            assertThat(s.await()).extracting(e -> e.action() + " " + e.name()).containsExactly("REMOVE eth1");
        }
    }

    @Test
    void closeWakesAWaitingThreadWhichThenGetsNoEvents() throws Exception {
        FakeSysfs tree = new FakeSysfs(dir);
        HotplugSource s = HotplugSource.scanning(tree.sysfs, "net", Duration.ofHours(1));
        CompletableFuture<List<KernelEvent>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return s.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        s.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(s.isClosed()).isTrue();
        assertThat(s.await()).isEmpty();
    }

    @Test
    void anIntervalBelowOneMillisecondIsRefused() {
        FakeSysfs tree = new FakeSysfs(dir);
        assertThatThrownBy(() -> HotplugSource.scanning(tree.sysfs, "net", Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sysfs rescan of 'net': the interval PT0.000999999S is refused: it must be at least 1 ms");
    }

    @Test
    void withoutJdk22TheNetlinkSourceIsRefusedWithTheReasonAndOpenFallsBackToTheScan() {
        FakeSysfs tree = new FakeSysfs(dir);
        if (Runtime.version().feature() >= 22) {
            // on a JDK 22+ this test's claim is the opposite one, checked by NetlinkSourceTest
            assertThat(HotplugSource.netlinkUnavailableReason().orElse("")).doesNotContain("need the FFM API");
            return;
        }
        assertThat(HotplugSource.netlinkUnavailableReason()).get().asString()
                .startsWith("netlink uevents need the FFM API of JDK 22+; this is JDK 17");
        assertThatThrownBy(() -> HotplugSource.netlink("net")).isInstanceOf(HotplugUnavailableException.class)
                .hasMessageStartingWith("netlink uevent source for 'net' unavailable: netlink uevents need the FFM API of JDK 22+");
        try (HotplugSource s = HotplugSource.open(tree.sysfs, "net", Duration.ofMillis(20))) {
            assertThat(s.origin()).isEqualTo(KernelEvent.Origin.SCAN);
            assertThat(s.describe()).endsWith("every 20 ms");
        }
    }
}
