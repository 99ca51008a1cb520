package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of every bad input the command line and the scenario scripts refuse: each row is one
 * input, the exit code it must give and the exact line that says what is wrong — on standard error
 * for bad usage and scripts that do not parse, on standard output for a scenario that cannot run as
 * written. {@code {file}} in an argument or a message stands for the script file the row writes;
 * {@code {dir}} for the test's directory.
 */
class BadInputCatalogueTest {

    /** Where the expected line appears. */
    enum Stream2 { ERR, OUT }

    /**
     * One bad input.
     *
     * @param name     what it tries
     * @param script   the content of {@code {file}} (bytes, to try encodings), or null for none
     * @param exit     the exit code it must give
     * @param stream   where the message appears
     * @param expected the exact line
     * @param args     the command line
     */
    record Row(String name, byte[] script, int exit, Stream2 stream, String expected, String... args) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String LONG = "x".repeat(100_000);
    private static final String BUILT_INS = "devm-connector-state:buggy, devm-connector-state:fixed, drmm-mmio:buggy, "
            + "drmm-mmio:fixed, unguarded-access:buggy, unguarded-access:fixed, drmm-sysfs:buggy, drmm-sysfs:fixed, "
            + "virtual-device-loop:buggy, virtual-device-loop:fixed, virtual-device-loop:fixed-group, "
            + "virtual-device-loop:fixed-faux, final-free:buggy, final-free:fixed, release-at-delete:buggy, "
            + "release-at-delete:fixed, panel-bridge:buggy, panel-bridge:fixed";
    private static final String VERBS = "load, unload, plug, virtual, destroy, unplug, remove, unbind, bind, rescan, "
            + "process, open, ioctl, workload, mmap, touch, close, read, exit, irq, tick, expect";

    private static final String PREVIOUS_STEP = "expect ok, errno, value and text check the result of the previous "
            + "step, expect released what it released";

    @TempDir
    Path dir;

    private static Row usage(String name, String expected, String... args) {
        return new Row(name, null, 2, Stream2.ERR, expected, args);
    }

    /** A script that does not parse: {@code devres4j run {file}} prints where and what on stderr. */
    private static Row parse(String name, String script, String where) {
        return new Row(name, script.getBytes(StandardCharsets.UTF_8), 2, Stream2.ERR,
                "devres4j: scenario error: {file}:" + where, "run", "{file}");
    }

    private static Row parseBytes(String name, byte[] script, String where) {
        return new Row(name, script, 2, Stream2.ERR, "devres4j: scenario error: {file}:" + where, "run", "{file}");
    }

    /** A script that parses but cannot run as written: a scenario error on stdout. */
    private static Row step(String name, String script, String error) {
        return new Row(name, script.getBytes(StandardCharsets.UTF_8), 2, Stream2.OUT, "SCENARIO ERROR: " + error,
                "run", "{file}");
    }

    private static Row expectation(String name, String script, String failed) {
        return new Row(name, script.getBytes(StandardCharsets.UTF_8), 2, Stream2.OUT, "EXPECTATION FAILED: " + failed,
                "run", "{file}");
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, String b) {
        byte[] tail = b.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(a, a.length + tail.length);
        System.arraycopy(tail, 0, out, a.length, tail.length);
        return out;
    }

    static Stream<Row> catalogue() {
        List<Row> rows = new ArrayList<>();
        // ---- the command line
        rows.add(usage("unknown command", "Unmatched argument at index 0: 'frobnicate'", "frobnicate"));
        rows.add(usage("unknown option", "Unknown option: '--frob'", "run", "drmm-mmio", "--frob"));
        rows.add(usage("run without a scenario", "Missing required parameter: 'FILE|NAME'", "run"));
        rows.add(usage("trace without a scenario", "Missing required parameter: 'NAME|FILE'", "trace"));
        rows.add(usage("run: a seed that is not a number", "Invalid value for option '--seed': 'x' is not a long",
                "run", "drmm-mmio", "--seed", "x"));
        rows.add(usage("run: a seed too large for 64 bits",
                "Invalid value for option '--seed': '9223372036854775808' is not a long",
                "run", "drmm-mmio", "--seed", "9223372036854775808"));
        rows.add(usage("run: a 100 000-character seed is not echoed whole", "Invalid value for option '--seed': '"
                + "x".repeat(40) + "…' (100000 characters) is not a long", "run", "drmm-mmio", "--seed", LONG));
        rows.add(usage("version takes no argument", "Unmatched argument at index 1: 'now'", "version", "now"));
        rows.add(usage("list takes no option", "Unknown option: '--json'", "list", "--json"));
        rows.add(usage("fuzz: steps not a number", "Invalid value for option '--steps': 'many' is not an int",
                "fuzz", "--steps", "many"));
        rows.add(usage("fuzz: steps above 2^31", "Invalid value for option '--steps': '10000000000' is not an int",
                "fuzz", "--steps", "10000000000"));
        rows.add(usage("fuzz: no steps", "devres4j fuzz: steps must be at least 1, got 0", "fuzz", "--steps", "0"));
        rows.add(usage("fuzz: negative steps", "devres4j fuzz: steps must be at least 1, got -5", "fuzz", "--steps", "-5"));
        rows.add(usage("fuzz: too many devices", "devres4j fuzz: devices must be 1 to 8, got 9", "fuzz", "--devices", "9"));
        rows.add(usage("fuzz: no devices", "devres4j fuzz: devices must be 1 to 8, got 0", "fuzz", "--devices", "0"));
        rows.add(usage("fuzz: no processes", "devres4j fuzz: processes must be 1 to 8, got 0", "fuzz", "--processes", "0"));
        rows.add(usage("fuzz: a seed that is not a number", "Invalid value for option '--seed': '0x10' is not a long",
                "fuzz", "--seed", "0x10"));
        rows.add(usage("fuzz: unknown planted bug", "devres4j fuzz: unknown --planted-bug 'no-such-bug': the fuzzer can "
                + "plant [devm-connector-state, drmm-sysfs, drmm-mmio, unguarded]", "fuzz", "--planted-bug", "no-such-bug"));
        rows.add(usage("fuzz: a 100 000-character planted bug is not echoed whole", "devres4j fuzz: unknown "
                + "--planted-bug '" + "x".repeat(40) + "…' (100000 characters): the fuzzer can plant "
                + "[devm-connector-state, drmm-sysfs, drmm-mmio, unguarded]", "fuzz", "--planted-bug", LONG));
        rows.add(new Row("fuzz: --save to a directory that does not exist", null, 2, Stream2.ERR,
                "devres4j fuzz: cannot write the shrunk script to '{dir}/no-such-dir/s.scenario': "
                        + "java.nio.file.NoSuchFileException: {dir}/no-such-dir/s.scenario",
                "fuzz", "--seed", "42", "--steps", "2000", "--planted-bug", "devm-connector-state", "--save",
                "{dir}/no-such-dir/s.scenario"));
        rows.add(new Row("run: --html to a directory that does not exist", null, 2, Stream2.ERR,
                "devres4j: cannot write the HTML timeline to '{dir}/no-such-dir/t.html': "
                        + "java.nio.file.NoSuchFileException: {dir}/no-such-dir/t.html",
                "run", "drmm-mmio:fixed", "--html", "{dir}/no-such-dir/t.html"));
        rows.add(usage("run: neither a built-in nor a file", "devres4j: 'no-such-scenario' is neither a built-in "
                + "scenario nor a script file; built-ins: " + BUILT_INS, "run", "no-such-scenario"));
        rows.add(usage("trace: neither a built-in nor a file", "devres4j: 'nope' is neither a built-in scenario nor a "
                + "script file; built-ins: " + BUILT_INS, "trace", "nope"));
        rows.add(usage("run: a 100 000-character name is not echoed whole", "devres4j: '" + "x".repeat(40)
                + "…' (100000 characters) is neither a built-in scenario nor a script file; built-ins: " + BUILT_INS,
                "run", LONG));
        rows.add(usage("run: a directory is not a script", "devres4j: '{dir}' is neither a built-in scenario nor a "
                + "script file; built-ins: " + BUILT_INS, "run", "{dir}"));
        // ---- script files: encoding, size, emptiness
        rows.add(parseBytes("a UTF-8 byte order mark", concat(bytes(0xEF, 0xBB, 0xBF), "load vgpu\n"),
                "1:1: the file starts with a UTF-8 byte order mark (BOM): save the script as UTF-8 without a BOM"));
        rows.add(parseBytes("a UTF-16 file", bytes(0xFF, 0xFE, 'l', 0, 'o', 0),
                "1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark): save the script as UTF-8"));
        rows.add(parseBytes("a byte that is not UTF-8", bytes('l', 'o', 'a', 'd', ' ', 'v', '\n', 'p', 'l', 'u', 'g', ' ',
                0xE9, 'x', '\n'), "2:6: not UTF-8 text: byte 0xe9 (at byte offset 12) is not part of a UTF-8 character: "
                + "save the script as UTF-8"));
        rows.add(parse("an empty file", "", "1:1: the script has no steps: a scenario needs at least one (e.g. 'load vgpu')"));
        rows.add(parse("only comments and headers", "# nothing\nscenario nothing\n\n",
                "1:1: the script has no steps: a scenario needs at least one (e.g. 'load vgpu')"));
        rows.add(parse("a line too long", "load vgpu\nplug " + "g".repeat(5000) + "\n",
                "2:4097: line too long: 5005 characters, at most 4096"));
        rows.add(parse("a 10 MB token is not echoed whole", "plug " + "g".repeat(10 * 1024 * 1024) + "\n",
                "1:4097: line too long: 10485765 characters, at most 4096"));
        // ---- script syntax
        rows.add(parse("unknown step", "plug vgpu0\n  frobnicate vgpu0\n", "2:3: unknown step 'frobnicate': expected one of "
                + VERBS));
        rows.add(parse("a keyword missing", "open p1 gpu0 f1\n", "1:14: expected 'as' but found 'f1': usage: open P DEVICE as F "
                + "[node=primary|render]"));
        rows.add(parse("an argument missing", "ioctl p1 f1   # no ioctl name\n",
                "1:13: missing IOCTL: usage: ioctl P F IOCTL [racing=DEVICE] "
                        + "[by=unplug|unbind|remove]"));
        rows.add(parse("an argument too many", "unplug gpu0 gpu1\n", "1:13: unexpected 'gpu1': usage: unplug DEVICE"));
        rows.add(parse("unknown option", "process p1 on-exit=now\n",
                "1:12: unknown option 'on-exit' for process: expected one of on-remove"));
        rows.add(parse("an option on a verb that takes none", "rescan all=yes\n",
                "1:8: unknown option 'all' for rescan (it takes none)"));
        rows.add(parse("a bad option value", "process p1 on-remove=sometimes\n",
                "1:22: bad value 'sometimes' for on-remove: expected one of now, late, never"));
        rows.add(parse("an option twice", "load vgpu variant=a variant=b\n", "1:21: option 'variant' given twice"));
        rows.add(parse("an option without a value", "load vgpu variant=\n", "1:19: option 'variant' needs a value"));
        rows.add(parse("a bad word", "touch p1 m1 poke\n",
                "1:13: bad word 'poke': expected one of read, write: usage: touch P M [read|write]"));
        rows.add(parse("a bad name", "plug 0gpu\n",
                "1:6: bad DEVICE '0gpu': a name starts with a letter and has letters, digits, '_', '.', ':', '/', '-'"));
        rows.add(parse("a name too long", "plug g" + "p".repeat(64) + "\n",
                "1:6: bad DEVICE 'g" + "p".repeat(39) + "…' (65 characters): a name has at most 64 characters"));
        rows.add(parse("mmio not a number", "plug gpu0 mmio=lots\n", "1:16: bad mmio 'lots': expected a decimal or 0x-hex number"));
        rows.add(parse("mmio zero", "plug gpu0 mmio=0\n", "1:16: bad mmio '0': must be 1 to 0x10000000000"));
        rows.add(parse("mmio near 2^63", "plug gpu0 mmio=0x7fffffffffffffff\n",
                "1:16: bad mmio '0x7fffffffffffffff': must be 1 to 0x10000000000"));
        rows.add(parse("mmio beyond 64 bits", "plug gpu0 mmio=0x10000000000000000\n",
                "1:16: bad mmio '0x10000000000000000': must be 1 to 0x10000000000"));
        rows.add(parse("tick zero", "tick 0\n", "1:6: bad N '0': must be 1 to 1000000"));
        rows.add(parse("tick negative", "tick -3\n", "1:6: bad N '-3': expected a decimal or 0x-hex number"));
        rows.add(parse("tick above 2^31", "tick 2147483648\n", "1:6: bad N '2147483648': must be 1 to 1000000"));
        rows.add(parse("expect without what", "load vgpu\nexpect\n",
                "2:7: expect needs what to expect: ok, errno NAME, value V, text TEXT, released OWNER NAMES, device "
                        + "DEVICE STATE, node DEVICE TYPE NAME, report KIND or clean"));
        rows.add(parse("an unknown expectation", "load vgpu\nexpect maybe\n",
                "2:8: unknown expectation 'maybe': expected ok, errno, value, text, released, device, node, report or "
                        + "clean"));
        rows.add(parse("an unknown report kind", "load vgpu\nexpect report use-after-free\n", "2:15: unknown report kind "
                + "'use-after-free': expected one of use-after-release, use-after-unplug, unguarded-access, leak, "
                + "reference-loop, eexist"));
        rows.add(parse("expect ok as the first line", "expect ok\nload vgpu\n", "1:1: expect ok has no step before it to "
                + "check: " + PREVIOUS_STEP));
        rows.add(parse("expect errno after headers only", "scenario s\nexpect errno ENODEV\nload vgpu\n",
                "2:1: expect errno ENODEV has no step before it to check: " + PREVIOUS_STEP));
        rows.add(parse("expect ok and errno about one step", "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "expect ok\nexpect errno ENODEV\n", "6:1: expect errno ENODEV contradicts 'expect ok' at line 5: both are "
                + "about the result of line 4"));
        rows.add(parse("two errnos about one step", "load vgpu\nbind vgpu0\nexpect errno ENODEV\nexpect errno EEXIST\n",
                "4:1: expect errno EEXIST contradicts 'expect errno ENODEV' at line 3: both are about the result of line 2"));
        rows.add(parse("two values about one step", "load vgpu\nrescan\nexpect value 1\nexpect value 2\n",
                "4:1: expect value 2 contradicts 'expect value 1' at line 3: both are about the result of line 2"));
        rows.add(parse("expect clean after expect report", "load vgpu\nexpect report leak\nrescan\nexpect clean\n",
                "4:1: expect clean contradicts 'expect report leak' at line 2: a report, once made, stays"));
        rows.add(parse("a header twice", "scenario a\nscenario b\nrescan\n", "2:1: 'scenario' given twice"));
        rows.add(parse("a header after a step", "rescan\n  seed 4\n", "2:3: 'seed' must come before the first step (line 1)"));
        rows.add(parse("an unknown policy", "policy 2017\nrescan\n",
                "1:8: unknown policy '2017': expected one of current, legacy-2020, release-at-deletion"));
        rows.add(parse("a bad scenario name", "scenario 9lives\nrescan\n", "1:10: bad scenario name '9lives': a name starts "
                + "with a letter and has letters, digits, '_', '.', ':', '/', '-'"));
        rows.add(parse("a seed that is not a number", "seed twelve\nrescan\n",
                "1:6: bad seed 'twelve': expected a decimal (optionally negative) or 0x-hex number"));
        rows.add(parse("a seed beyond 64 bits", "seed 9223372036854775808\nrescan\n",
                "1:6: bad seed '9223372036854775808': must be -9223372036854775808 to 9223372036854775807"));
        rows.add(parse("a header without its argument", "seed\nrescan\n", "1:6: missing argument: usage: seed N"));
        rows.add(parse("a description without text", "description\nrescan\n", "1:12: description needs a text"));
        // ---- scenarios that parse but cannot run as written
        rows.add(step("open of a device never plugged (a typo)", "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu9 as f1\n",
                "line 4: no device 'vgpu9' was ever plugged or created: open needs a device the script plugged "
                        + "(an unplugged one gives ENODEV)"));
        rows.add(step("an unknown device", "load vgpu\nplug vgpu0\nunbind vgpu9\n", "line 3: no device 'vgpu9' (plug it first)"));
        rows.add(step("an unknown driver", "load nvidia\n", "line 1: no driver 'nvidia': the simulator has "
                + "[vgpu, simple, panel, sensor]"));
        rows.add(step("an unknown variant", "load vgpu variant=fast\n", "line 1: vgpu has no variant 'fast': expected one of "
                + "[devm-connector-state, drmm-mmio, drmm-sysfs, fixed, unguarded]"));
        rows.add(step("a driver loaded twice", "load vgpu\nload vgpu\n", "line 2: driver 'vgpu' is already loaded (variant fixed)"));
        rows.add(step("a driver not loaded", "unload vgpu\n", "line 1: driver 'vgpu' is not loaded"));
        rows.add(step("a device plugged twice", "load vgpu\nplug vgpu0\nplug vgpu0\n",
                "line 3: device 'vgpu0' is already plugged (since step 2 (line 2: plug vgpu0))"));
        rows.add(step("an unplug of what is not plugged", "load vgpu\nplug vgpu0\nunplug vgpu0\nunplug vgpu0\n",
                "line 4: device 'vgpu0' is not plugged"));
        rows.add(step("an unbind of an unbound device", "plug vgpu0\nunbind vgpu0\n",
                "line 2: device 'vgpu0' is not bound to a driver"));
        rows.add(step("a bind of a bound device", "load vgpu\nplug vgpu0\nbind vgpu0\n",
                "line 3: device 'vgpu0' is already bound to vgpu"));
        rows.add(step("an unknown process", "ioctl p1 f1 version\n", "line 1: no process 'p1' (start it with: process p1)"));
        rows.add(step("a process twice", "process p1\nprocess p1\n", "line 2: process 'p1' already exists"));
        rows.add(step("a file never opened", "process p1\nclose p1 f1\n", "line 2: process 'p1' has no open file 'f1'"));
        rows.add(step("a file name twice", "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nopen p1 vgpu0 as f1\n",
                "line 5: process 'p1' already has a file 'f1'"));
        rows.add(step("a mapping never made", "process p1\ntouch p1 m1\n", "line 2: process 'p1' has no mapping 'm1'"));
        rows.add(step("a mapping name twice", "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nmmap p1 f1 as m1\n"
                + "mmap p1 f1 as m1\n", "line 6: process 'p1' already has a mapping 'm1'"));
        rows.add(step("an ioctl the driver lacks", "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nioctl p1 f1 launch\n",
                "line 5: the driver of 'f1' has no ioctl 'launch': it has [version, get-connector, read-reg, write-reg, "
                        + "create-buffer, vblank-count, flush]"));
        rows.add(step("a race with a device not plugged", "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "ioctl p1 f1 read-reg racing=vgpu9\n", "line 5: ioctl racing=vgpu9: device 'vgpu9' is not plugged"));
        rows.add(step("a virtual device name twice", "virtual vkms0\nvirtual vkms0\n", "line 2: device 'vkms0' already exists"));
        rows.add(step("destroy of no virtual device", "load vgpu\nplug vgpu0\ndestroy vgpu0\n",
                "line 3: no virtual device 'vgpu0' (destroy takes what 'virtual' made)"));
        StringBuilder full = new StringBuilder("load vgpu\n");
        for (int i = 0; i < 257; i++) {
            full.append("plug vgpu").append(i).append(" mmio=0x10000000000\n");
        }
        rows.add(step("an address space that would overflow", full.toString(), "line 257: plug vgpu255: the simulated "
                + "address space (0xe0000000 to 0x1000000000000) has no room for mmio=0x10000000000 next to the plugged devices"));
        rows.add(expectation("an unmet result expectation", "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "expect errno ENODEV\n", "line 5: expect errno ENODEV — the previous step returned ok"));
        rows.add(expectation("expect clean where it stands", "load vgpu variant=devm-connector-state\nplug vgpu0\n"
                + "process p1\nopen p1 vgpu0 as f1\nunbind vgpu0\nclose p1 f1\nexpect clean\nexit p1\n",
                "line 7: expected clean by now, the sanitizer made 1 report(s), the first use-after-release at step 6: "
                        + "'vgpu connector state' of vgpu0"));
        rows.add(expectation("a report that never came", "load vgpu\nplug vgpu0\nexpect report use-after-release\n",
                "line 3: expected a use-after-release report, the sanitizer made none"));
        fidelityRows(rows);
        return rows.stream();
    }

    /** The refusals of remove/rescan, sysfs bind/unbind, render nodes, the name file, workloads, races and queries. */
    private static void fidelityRows(List<Row> rows) {
        String gpu = "load vgpu\nplug vgpu0\n";
        String open = gpu + "process p1\nopen p1 vgpu0 as f1\n";
        String removed = "it was removed at step 3 (line 3: remove vgpu0) (a rescan finds its hardware again)";
        // ---- syntax
        rows.add(parse("by without racing", open + "ioctl p1 f1 read-reg by=unbind\n", "5:22: option 'by' needs "
                + "racing=...: usage: ioctl P F IOCTL [racing=DEVICE] [by=unplug|unbind|remove]"));
        rows.add(parse("a removal a race cannot be", "ioctl p1 f1 read-reg racing=vgpu0 by=yank\n",
                "1:38: bad value 'yank' for by: expected one of unplug, unbind, remove"));
        rows.add(parse("a node type open does not know", "open p1 vgpu0 as f1 node=control\n",
                "1:26: bad value 'control' for node: expected one of primary, render"));
        rows.add(parse("expect device: a state it does not know", "load vgpu\nexpect device vgpu0 gone\n",
                "2:21: bad word 'gone': expected one of absent, present, unbound, bound: usage: expect device DEVICE "
                        + "absent|present|unbound|bound [driver=NAME]"));
        rows.add(parse("expect device: driver= with a state other than bound", gpu + "expect device vgpu0 absent driver=vgpu\n",
                "3:28: option 'driver' goes with 'bound' only: usage: expect device DEVICE absent|present|unbound|bound "
                        + "[driver=NAME]"));
        rows.add(parse("expect node: a node type it does not know", gpu + "expect node vgpu0 overlay card0\n",
                "3:19: bad word 'overlay': expected one of primary, render: usage: expect node DEVICE primary|render NAME"));
        rows.add(parse("expect released without names", gpu + "expect released vgpu0\n",
                "3:23: missing NAMES: usage: expect released OWNER NAMES"));
        rows.add(parse("expect released as the first line", "expect released vgpu0 x\nload vgpu\n",
                "1:1: expect released vgpu0 x has no step before it to check: " + PREVIOUS_STEP));
        rows.add(parse("expect released with an empty name", gpu + "unbind vgpu0\nexpect released vgpu0 a,,b\n",
                "4:23: bad NAMES 'a,,b': an item between commas is empty (separate the items with one comma each)"));
        rows.add(parse("expect text without text", "load vgpu\nexpect text\n", "2:13: missing TEXT: usage: expect text TEXT"));
        rows.add(parse("rescan takes no argument", "rescan now\n", "1:8: unexpected 'now': usage: rescan"));
        // ---- steps that cannot run as written
        rows.add(step("remove twice", gpu + "remove vgpu0\nremove vgpu0\n",
                "line 4: remove vgpu0: device 'vgpu0' is not on the bus: " + removed));
        rows.add(step("remove of an unplugged device", gpu + "unplug vgpu0\nremove vgpu0\n", "line 4: remove vgpu0: "
                + "device 'vgpu0' has no hardware on the bus (it was unplugged at step 3 (line 3: unplug vgpu0))"));
        rows.add(step("remove of a virtual device", "virtual vkms0\nremove vkms0\n", "line 2: remove vkms0: device "
                + "'vkms0' has no hardware on the bus (a virtual device is destroyed with destroy)"));
        rows.add(step("remove of a device never plugged", "load vgpu\nremove vgpu0\n",
                "line 2: no device 'vgpu0' (plug it first)"));
        rows.add(step("plug of removed hardware (rescan finds it)", gpu + "remove vgpu0\nplug vgpu0\n",
                "line 4: device 'vgpu0' is already plugged (since step 2 (line 2: plug vgpu0)); its device was removed "
                        + "at step 3 (line 3: remove vgpu0): rescan adds it again"));
        rows.add(step("unbind of a removed device", gpu + "remove vgpu0\nunbind vgpu0\n",
                "line 4: unbind vgpu0: device 'vgpu0' is not on the bus: " + removed));
        rows.add(step("bind of a removed device", gpu + "remove vgpu0\nbind vgpu0\n",
                "line 4: bind vgpu0: device 'vgpu0' is not on the bus: " + removed));
        rows.add(step("bind of an unplugged device", gpu + "unplug vgpu0\nbind vgpu0\n",
                "line 4: bind vgpu0: device 'vgpu0' is not on the bus: it was unplugged at step 3 (line 3: unplug vgpu0)"));
        rows.add(step("a race with a removed device", gpu + "plug vgpu1\nprocess p1\nopen p1 vgpu0 as f1\nremove vgpu1\n"
                + "ioctl p1 f1 read-reg racing=vgpu1 by=remove\n", "line 7: ioctl racing=vgpu1 by=remove: device 'vgpu1' "
                + "is not on the bus: it was removed at step 6 (line 6: remove vgpu1) (a rescan finds its hardware again)"));
        rows.add(step("an unbind race with an unbound device", gpu + "plug vgpu1\nprocess p1\nopen p1 vgpu0 as f1\n"
                + "unbind vgpu1\nioctl p1 f1 read-reg racing=vgpu1 by=unbind\n",
                "line 7: ioctl racing=vgpu1 by=unbind: device 'vgpu1' is not bound to a driver"));
        rows.add(step("a read of a file the simulator has not", "process p1\nread p1 dri/0/clients\n", "line 2: read "
                + "dri/0/clients: the simulator's readable files are the DRM debugfs name files dri/<minor>/name (e.g. dri/0/name)"));
        rows.add(step("a workload twice on one file", open + "workload p1 f1\nworkload p1 f1\n",
                "line 6: process 'p1' already runs a workload on 'f1'"));
        rows.add(step("a workload on a file never opened", "process p1\nworkload p1 f1\n",
                "line 2: process 'p1' has no open file 'f1'"));
        // ---- queries that do not hold
        rows.add(expectation("expect device present after a remove", gpu + "remove vgpu0\nexpect device vgpu0 present\n",
                "line 4: expect device vgpu0 present — vgpu0 is absent from bus sim (removed at step 3 (line 3: remove "
                        + "vgpu0); its hardware is present)"));
        rows.add(expectation("expect device of a device never plugged", "load vgpu\nexpect device vgpu9 absent\n",
                "line 2: expect device vgpu9 absent — no device 'vgpu9' was ever plugged or created"));
        rows.add(expectation("expect node with the wrong minor", gpu + "expect node vgpu0 render renderD129\n",
                "line 3: expect node vgpu0 render renderD129 — vgpu0's render node is renderD128 (card0, minor 128, "
                        + "/dev/dri/renderD128)"));
        rows.add(expectation("expect released of what the step did not release", gpu + "unbind vgpu0\n"
                + "expect released vgpu0 nothing-such\n", "line 4: expect released vgpu0 nothing-such — no release of "
                + "'nothing-such' on vgpu0's list; the step released on vgpu0, in order: drm_dev_unplug card0, sysfs remove "
                + "tile0, free_irq 32 vgpu, vgpu hw fini, devm_drm_dev_init_release card0, iounmap vgpu0:bar0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void everyBadInputIsRefusedWithItsExactMessageAndExitCode(Row row) throws IOException {
        Path file = dir.resolve("bad.scenario");
        if (row.script() != null) {
            Files.write(file, row.script());
        }
        String[] args = Arrays.stream(row.args()).map(a -> a.replace("{file}", file.toString())
                .replace("{dir}", dir.toString())).toArray(String[]::new);
        String expected = row.expected().replace("{file}", file.toString()).replace("{dir}", dir.toString());

        Cli.Run run = Cli.execute(args);

        String where = row.stream() == Stream2.ERR ? run.err() : run.out();
        assertThat(run.exitCode()).as(row.name() + "\n" + abbreviated(run.all())).isEqualTo(row.exit());
        assertThat(where.lines().toList()).as(row.name() + "\n" + abbreviated(run.all())).contains(expected);
        assertThat(run.all().length()).as(row.name() + ": the output stays short whatever the input").isLessThan(20_000);
    }

    private static String abbreviated(String s) {
        return s.length() < 4000 ? s : s.substring(0, 4000) + "... (" + s.length() + " characters)";
    }

    /** @return how many rows the catalogue has (the closing note reports it) */
    static long size() {
        return catalogue().count();
    }
}
