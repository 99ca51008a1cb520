package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in scenarios: every lifetime bug of the seeds, each in a buggy variant (which must make
 * the sanitizer report its bug class) and one or more fixed variants (which must run clean).
 *
 * <p>Names: a scenario pair is found by its name ({@code devm-connector-state}) or number
 * ({@code 1}); a single scenario by {@code NAME:buggy}, {@code NAME:fixed} (the first fix) or
 * {@code NAME:fixed-...} for the other fixes, or {@code N:buggy} / {@code N:fixed}.
 *
 * <p><b>Lifetime:</b> built once, immutable. <b>Order:</b> {@link #list()} is in the order
 * (1 to 8). <b>Concurrency:</b> thread-safe.
 */
public final class Scenarios {

    /**
     * One built-in bug: its scripts, the seeds it comes from and the report class its buggy variant
     * must produce.
     *
     * <p><b>Lifetime / order / concurrency:</b> an immutable value; {@code fixed} keeps its order.
     *
     * @param number   1 to 8
     * @param name     e.g. {@code devm-connector-state}
     * @param title    one line for people
     * @param seeds    the seed documents behind it, e.g. {@code 000/001/004}
     * @param expected the report class the buggy variant must produce
     * @param buggy    the buggy variant
     * @param fixed    the fixed variants (at least one), each of which must run clean
     */
    public record BuiltIn(int number, String name, String title, String seeds, ReportKind expected, Scenario buggy,
                          List<Scenario> fixed) {

        /**
         * Copies the list.
         *
         * @param number   the number
         * @param name     the name
         * @param title    the title
         * @param seeds    the seeds
         * @param expected the expected report kind
         * @param buggy    the buggy variant
         * @param fixed    the fixed variants
         */
        public BuiltIn {
            fixed = List.copyOf(fixed);
        }
    }

    private Scenarios() {
    }

    /** @return the built-in scenarios, 1 to 8 (made afresh on each call: there is no shared state) */
    public static List<BuiltIn> list() {
        return build();
    }

    /**
     * Finds a built-in pair by name or number.
     *
     * @param nameOrNumber e.g. {@code drmm-mmio} or {@code 2}
     * @return the pair
     */
    public static Optional<BuiltIn> pair(String nameOrNumber) {
        Objects.requireNonNull(nameOrNumber, "Scenarios.pair: the name must not be null");
        for (BuiltIn b : list()) {
            if (b.name().equals(nameOrNumber) || String.valueOf(b.number()).equals(nameOrNumber)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * Finds one built-in scenario: {@code NAME:buggy}, {@code NAME:fixed}, {@code NAME:fixed-X}, or the
     * same with the number instead of the name. A bare pair name means its buggy variant.
     *
     * @param name the scenario's name
     * @return the scenario
     */
    public static Optional<Scenario> find(String name) {
        Objects.requireNonNull(name, "Scenarios.find: the name must not be null");
        int colon = name.indexOf(':');
        String base = colon < 0 ? name : name.substring(0, colon);
        String variant = colon < 0 ? "buggy" : name.substring(colon + 1);
        Optional<BuiltIn> b = pair(base);
        if (b.isEmpty()) {
            return Optional.empty();
        }
        if (variant.equals("buggy")) {
            return Optional.of(b.get().buggy());
        }
        for (Scenario s : b.get().fixed()) {
            if (s.name().equals(b.get().name() + ":" + variant)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * What {@code devres4j run ARG} runs: a built-in scenario ({@link #find(String)}), or else a script
     * file.
     *
     * @param arg a built-in name ({@code drmm-mmio}, {@code 2:fixed} ...) or a path to a script
     * @return the scenario
     * @throws java.io.IOException      if the file cannot be read
     * @throws ScenarioSyntaxException  if the file is not UTF-8 or is malformed (with its line and column)
     * @throws IllegalArgumentException if it is neither a built-in name nor an existing file, listing the built-ins
     */
    public static Scenario resolve(String arg) throws java.io.IOException {
        Objects.requireNonNull(arg, "Scenarios.resolve: the argument must not be null");
        Optional<Scenario> builtIn = find(arg);   // a name; else a file
        if (builtIn.isPresent()) {
            return builtIn.get();
        }
        java.nio.file.Path path;
        try {
            path = java.nio.file.Path.of(arg);
        } catch (java.nio.file.InvalidPathException e) {
            path = null;
        }
        if (path == null || !java.nio.file.Files.isRegularFile(path)) {
            throw new IllegalArgumentException(Syntax.quote(arg) + " is neither a built-in scenario nor a script file; "
                    + "built-ins: " + String.join(", ", names()));
        }
        return ScenarioScript.read(path);
    }

    /** @return every built-in scenario's name, buggy first, in order */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (BuiltIn b : list()) {
            out.add(b.buggy().name());
            for (Scenario f : b.fixed()) {
                out.add(f.name());
            }
        }
        return out;
    }

    private static List<BuiltIn> build() {
        List<BuiltIn> l = new ArrayList<>();
        l.add(builtIn(1, "devm-connector-state",
                "devm for software state: connector state freed at unbind while userspace holds the fd",
                "000/001/004", ReportKind.USE_AFTER_RELEASE,
                connectorState("devm-connector-state", "expect report use-after-release"),
                connectorState("fixed", "expect clean")));
        l.add(builtIn(2, "drmm-mmio",
                "drmm for a hardware mapping: unmapped only at the last put; the range now belongs to a new device",
                "004", ReportKind.USE_AFTER_UNPLUG,
                drmmMmio("drmm-mmio", "expect report use-after-unplug"),
                drmmMmio("fixed", "expect clean")));
        l.add(builtIn(3, "unguarded-access",
                "hardware access without enter/exit racing unplug",
                "004", ReportKind.UNGUARDED_ACCESS,
                unguarded("unguarded", "expect report unguarded-access"),
                unguarded("fixed", "ioctl p1 f1 read-reg            # after the unplug: enter fails\nexpect errno ENODEV\n"
                        + "expect clean")));
        l.add(builtIn(4, "drmm-sysfs",
                "sysfs removal on drmm: rebind while a file is open gives EEXIST (the xe bug)",
                "004", ReportKind.EEXIST,
                sysfs("drmm-sysfs", "expect report eexist"),
                sysfs("fixed", "open p1 vgpu0 as f2\nexpect ok\nexpect clean")));
        l.add(new BuiltIn(5, "virtual-device-loop",
                "a driverless virtual device holding a devm-allocated DrmDevice: the reference loop of 2020",
                "003", ReportKind.REFERENCE_LOOP,
                parse("virtual-device-loop:buggy", virtual("legacy-2020", "none", "expect report reference-loop")),
                List.of(parse("virtual-device-loop:fixed", virtual("current", "none", "expect clean")),
                        parse("virtual-device-loop:fixed-group", virtual("legacy-2020", "group", "expect clean")),
                        parse("virtual-device-loop:fixed-faux", virtual("legacy-2020", "faux", "expect clean")))));
        l.add(builtIn(6, "final-free",
                "the final free: the containing object must be released after every drmm action",
                "002", ReportKind.USE_AFTER_RELEASE,
                finalFree("free-in-release", "expect report use-after-release"),
                finalFree("fixed", "expect clean")));
        l.add(builtIn(7, "release-at-delete",
                "devres released only at device deletion (option 2) piles up over unbind/rebind",
                "000", ReportKind.LEAK,
                releaseAtDelete("release-at-deletion", "expect report leak"),
                releaseAtDelete("current", "expect clean")));
        l.add(builtIn(8, "panel-bridge",
                "a panel bridge allocated with devm on the panel's device, still linked when the panel unbinds",
                "000", ReportKind.USE_AFTER_RELEASE,
                bridge("devm-bridge", "expect report use-after-release"),
                bridge("refcounted-bridge", "expect value 1\nexpect clean")));
        return List.copyOf(l);
    }

    /**
     * A built-in pair with one fix: the scripts are parsed as {@code NAME:buggy} and {@code NAME:fixed}.
     *
     * @param buggy the body of the buggy variant's script (after its {@code scenario} line)
     * @param fixed the body of the fixed variant's script
     */
    private static BuiltIn builtIn(int number, String name, String title, String seeds, ReportKind expected,
            String buggy, String fixed) {
        return new BuiltIn(number, name, title, seeds, expected, parse(name + ":buggy", buggy),
                List.of(parse(name + ":fixed", fixed)));
    }

    private static Scenario parse(String name, String body) {
        return ScenarioScript.parse("scenario " + name + "\n" + body, name);
    }

    private static String connectorState(String variant, String tail) {
        return """
                description seeds 000/001/004: software state under devm dies at unbind while userspace holds the fd
                load vgpu variant=%s
                plug vgpu0
                process p1 on-remove=never      # a compositor that keeps its fd
                open p1 vgpu0 as f1
                ioctl p1 f1 get-connector
                expect value 49                 # connected, 3 modes
                unbind vgpu0                    # sysfs unbind: remove(), then the devres list (drm_dev_unplug)
                ioctl p1 f1 get-connector       # drm_ioctl refuses every ioctl of an unplugged device
                expect errno ENODEV
                close p1 f1                     # the last put: the connector's destroy hook reads its state
                %s
                """.formatted(variant, tail);
    }

    private static String drmmMmio(String variant, String tail) {
        return """
                description seed 004: a mapping tied to drmm outlives the hardware; its range goes to a new device
                load vgpu variant=%s
                plug vgpu0
                process p1 on-remove=never
                open p1 vgpu0 as f1
                unplug vgpu0                    # surprise removal; the fd keeps card0 alive
                plug vgpu1                      # a new device gets the freed MMIO range
                close p1 f1                     # last put of card0: its drmm teardown runs now
                %s
                """.formatted(variant, tail);
    }

    private static String unguarded(String variant, String tail) {
        return """
                description seed 004: register ioctls without drm_dev_enter/exit race the unplug
                load vgpu variant=%s
                plug vgpu0
                process p1 on-remove=late       # reacts to the removal uevent a few steps late
                open p1 vgpu0 as f1
                ioctl p1 f1 read-reg
                expect ok
                ioctl p1 f1 read-reg racing=vgpu0   # in flight while vgpu0 is pulled: the seed picks where the unplug lands
                %s
                tick 4
                """.formatted(variant, tail);
    }

    private static String sysfs(String variant, String tail) {
        return """
                description seed 004 (xe): sysfs entries removed with drmm linger while a file is open
                load vgpu variant=%s
                plug vgpu0
                process p1 on-remove=never
                open p1 vgpu0 as f1
                unbind vgpu0
                bind vgpu0                      # re-probe registers tile0 again
                %s
                close p1 f1
                """.formatted(variant, tail);
    }

    private static String virtual(String policy, String fix, String tail) {
        return """
                description seed 003: a virtual device with no driver holding a devm-allocated DrmDevice
                policy %s
                virtual vkms0 holder=devm fix=%s
                %s
                """.formatted(policy, fix, tail);
    }

    private static String finalFree(String variant, String tail) {
        return """
                description seed 002: the containing object must be freed after every drmm action (final free)
                load simple variant=%s
                plug simple0
                process p1 on-remove=now
                open p1 simple0 as f1
                ioctl p1 f1 modeset
                unplug simple0                  # p1 closes at once: the last put tears card0 down
                %s
                """.formatted(variant, tail);
    }

    private static String releaseAtDelete(String policy, String tail) {
        return """
                description seed 000: devres released only at device deletion piles up over unbind/rebind
                policy %s
                load simple
                plug simple0
                unbind simple0
                bind simple0
                unbind simple0
                bind simple0
                %s
                """.formatted(policy, tail);
    }

    private static String bridge(String variant, String tail) {
        return """
                description seed 000: a bridge another device links needs a refcount, not devm
                load panel variant=%s
                load simple
                plug panel0
                plug simple0                    # card0 links panel0's bridge
                process p1 on-remove=never
                open p1 simple0 as f1
                ioctl p1 f1 modeset
                unbind panel0                   # the panel driver goes; card0 still links its bridge
                ioctl p1 f1 modeset
                %s
                close p1 f1
                """.formatted(variant, tail);
    }
}
