package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uevent parser, kernel events, sysfs listing, device matches and readings — and their refusals. */
class ParsingAndValuesTest {

    @TempDir
    Path dir;

    private static byte[] message(String... parts) {
        return String.join("\0", parts).concat("\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKernelMessageParsesIntoAnEventOfItsSubsystem() {
        byte[] m = message("add@/devices/virtual/net/veth0", "ACTION=add", "DEVPATH=/devices/virtual/net/veth0",
                "SUBSYSTEM=net", "INTERFACE=veth0", "IFINDEX=7", "SEQNUM=812");
        KernelEvent e = Uevents.parseMessage(m, m.length, "net", 42);

        assertThat(e.action()).isEqualTo(KernelEvent.Action.ADD);
        assertThat(e.devpath()).isEqualTo("/devices/virtual/net/veth0");
        assertThat(e.seqnum()).isEqualTo(812);
        assertThat(e.name()).isEqualTo("veth0");
        assertThat(e.identity()).isEqualTo("ifindex 7");
        assertThat(e.origin()).isEqualTo(KernelEvent.Origin.NETLINK);
        assertThat(e.receivedNanos()).isEqualTo(42);
        assertThat(e.property("IFINDEX")).contains("7");
        assertThat(e).hasToString("add@/devices/virtual/net/veth0 seq 812 (netlink)");
    }

    @Test
    void messagesOfOtherSubsystemsOfUdevOrMalformedAreDropped() {
        byte[] queue = message("add@/devices/virtual/net/veth0/queues/rx-0", "ACTION=add",
                "DEVPATH=/devices/virtual/net/veth0/queues/rx-0", "SUBSYSTEM=queues", "SEQNUM=813");
        byte[] udev = message("libudev", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=net");
        byte[] noSeq = message("add@/devices/x", "ACTION=add", "DEVPATH=/devices/x", "SUBSYSTEM=net", "SEQNUM=x1");
        byte[] noAction = message("add@/devices/x", "DEVPATH=/devices/x", "SUBSYSTEM=net");
        for (byte[] m : new byte[][] {queue, udev, noSeq, noAction}) {
            assertThat(Uevents.parseMessage(m, m.length, "net", 0)).isNull();
        }
    }

    @Test
    void ueventFileLinesParseInOrderSkippingLinesWithoutEquals() {
        assertThat(Uevents.parseLines("INTERFACE=eth0\nIFINDEX=2\ngarbage\nX=a=b\n", '\n'))
                .containsExactly(Map.entry("INTERFACE", "eth0"), Map.entry("IFINDEX", "2"), Map.entry("X", "a=b"));
    }

    @Test
    void actionsParseAndIdentityFallsBackToTheDevpath() {
        assertThat(KernelEvent.Action.parse("remove")).isEqualTo(KernelEvent.Action.REMOVE);
        assertThat(KernelEvent.Action.parse("move")).isEqualTo(KernelEvent.Action.MOVE);
        assertThat(KernelEvent.Action.parse("online")).isEqualTo(KernelEvent.Action.OTHER);
        KernelEvent block = new KernelEvent(KernelEvent.Action.ADD, "/devices/virtual/block/loop0", "block",
                KernelEvent.NO_SEQNUM, Map.of("DEVNAME", "loop0"), KernelEvent.Origin.SCAN, 0);
        assertThat(block.name()).isEqualTo("loop0");
        assertThat(block.identity()).isEqualTo("/devices/virtual/block/loop0");
        assertThatThrownBy(() -> new KernelEvent(null, "", "net", 0, Map.of(), KernelEvent.Origin.SCAN, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("KernelEvent: the action must not be null");
    }

    @Test
    void sysfsListsDescribesAndRefusesNamesOutsideTheTree() {
        FakeSysfs tree = new FakeSysfs(dir).add("eth1", 3).add("eth0", 2);
        tree.seqnum(77);
        Sysfs s = tree.sysfs;

        assertThat(s.names("net")).containsExactly("eth0", "eth1");
        assertThat(s.names("nosuch")).isEmpty();
        assertThat(s.seqnum()).isEqualTo(77);
        KernelEvent e = s.describe("net", "eth0", KernelEvent.Origin.COLDPLUG).orElseThrow();
        assertThat(e.devpath()).isEqualTo("/devices/virtual/net/eth0");
        assertThat(e.identity()).isEqualTo("ifindex 2");
        assertThat(e.properties()).containsEntry("SUBSYSTEM", "net").containsEntry("ACTION", "add");
        assertThat(s.describe("net", "eth7", KernelEvent.Origin.COLDPLUG)).isEmpty();
        assertThat(new Sysfs(dir.resolve("empty")).seqnum()).isEqualTo(KernelEvent.NO_SEQNUM);
        for (String bad : new String[] {"..", "a/b", " ", "."}) {
            assertThatThrownBy(() -> s.classDir(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("sysfs: the subsystem name '" + bad + "' is refused: it must be one non-blank path "
                            + "element (no '/', not '.' or '..')");
        }
        assertThatThrownBy(() -> s.describe("net", "../x", KernelEvent.Origin.SCAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sysfs: the device name '../x' is refused");
    }

    @Test
    void aMatchTakesAGlobAndAttributeValues() {
        FakeSysfs tree = new FakeSysfs(dir).add("veth0", 2, Map.of("type", "1")).add("vethx", 3, Map.of("type", "772"));
        SysfsDevice veth0 = device(tree, "veth0");
        SysfsDevice vethx = device(tree, "vethx");

        assertThat(DeviceMatch.name("veth*").test(veth0)).isTrue();
        assertThat(DeviceMatch.name("veth[0-9]").test(vethx)).isFalse();
        assertThat(DeviceMatch.name("{lo,vethx}").test(vethx)).isTrue();
        assertThat(DeviceMatch.name("veth*").withAttribute("type", "1").test(veth0)).isTrue();
        assertThat(DeviceMatch.name("veth*").withAttribute("type", "1").test(vethx)).isFalse();
        assertThat(DeviceMatch.name("*").withAttribute("nosuch", "1").test(veth0)).isFalse();
        assertThatThrownBy(() -> DeviceMatch.name("veth[")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("device match: the glob 'veth[' is refused: ");
        assertThatThrownBy(() -> DeviceMatch.name("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device match: the glob 'a/b' is refused: it must be non-blank and contain no '/' (it matches a device name)");
    }

    private static SysfsDevice device(FakeSysfs tree, String name) {
        KernelEvent e = tree.sysfs.describe("net", name, KernelEvent.Origin.COLDPLUG).orElseThrow();
        org.devres4j.driver.Bus b = new org.devres4j.driver.Bus("t");
        return new SysfsDevice(e, tree.sysfs.classDir("net").resolve(name), 0, 1, b.newDevice(name));
    }

    @Test
    void readingsConvertAndRefuseInconsistentParts() {
        assertThat(Reading.value("mtu", "1500").asLong()).hasValue(1500);
        assertThat(Reading.gone("mtu", Reading.Gone.RACED).asLong()).isEmpty();
        assertThatThrownBy(() -> Reading.value("operstate", "up").asLong()).isInstanceOf(NumberFormatException.class)
                .hasMessage("attribute 'operstate' read 'up', which is not a decimal number");
        assertThatThrownBy(() -> new Reading("mtu", Reading.Status.GONE, "", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Reading of 'mtu': status GONE with gone=null and failure=null is inconsistent — only GONE "
                        + "has a way, only FAILED a failure");
        assertThatThrownBy(() -> new Reading("mtu", Reading.Status.VALUE, "1", null, new IOException("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
