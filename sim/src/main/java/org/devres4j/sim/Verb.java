package org.devres4j.sim;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import org.devres4j.drm.DrmMinorType;

/**
 * The scenario verbs, each defined in one place: its syntax and defaults (a {@link Syntax}), what it
 * does in the world, and — for the verbs the fuzzer uses — how often and with which arguments the
 * fuzzer makes it from what the world looks like ({@link FuzzView}). A new verb is one more constant
 * here (plus, if it does something the world cannot do yet, one world operation).
 *
 * <p>The {@code expect} forms are verbs too: they do nothing in the world; the runner checks them
 * where they stand ({@link Expectation}).
 *
 * <p><b>Lifetime:</b> constants. <b>Order:</b> declaration order is the order usage texts list the
 * verbs and the order the fuzzer weighs them. <b>Concurrency:</b> immutable; a step runs on the
 * world's thread.
 */
public enum Verb {

    /** {@code load DRIVER [variant=V]}: a driver (and its variant) is registered on the bus. */
    LOAD(Syntax.of("load").name("DRIVER").nameOption("variant", "V", "fixed"),
            (s, w) -> w.load(s.arg(0), s.option("variant")),
            Fuzz.of(v -> v.driverLoaded() ? 0 : 4, (verb, v) -> v.variant().equals("fixed") ? Step.of(verb, "vgpu")
                    : Step.of(verb, "vgpu").with("variant", v.variant()))),
    /** {@code unload DRIVER}: the driver is unregistered; every device it drives is unbound. */
    UNLOAD(Syntax.of("unload").name("DRIVER"), (s, w) -> w.unload(s.arg(0)),
            Fuzz.of(v -> v.driverLoaded() ? 1 : 0, (verb, v) -> Step.of(verb, "vgpu"))),
    /** {@code plug DEVICE [mmio=SIZE]}: hardware appears (an MMIO range, an IRQ line) and is probed. */
    PLUG(Syntax.of("plug").name("DEVICE").numberOption("mmio", "SIZE", 1, World.MAX_MMIO, "0x1000"),
            (s, w) -> w.hotplug.plug(s.arg(0), s.number("mmio")), Fuzz.pickOne(8, FuzzView::unplugged)),
    /** {@code virtual DEVICE [holder=devm|plain] [fix=none|group|faux]}: a driverless virtual device holding a DRM device. */
    VIRTUAL(Syntax.of("virtual").name("DEVICE").choiceOption("holder", "devm", "devm", "plain")
            .choiceOption("fix", "none", "none", "group", "faux"),
            (s, w) -> w.virtual(s.arg(0), s.option("holder"), s.option("fix")), Fuzz.NEVER),
    /** {@code destroy DEVICE}: the creator of a virtual device destroys it now (else at world shutdown). */
    DESTROY(Syntax.of("destroy").name("DEVICE"), (s, w) -> w.destroy(s.arg(0)), Fuzz.NEVER),
    /**
     * {@code unplug DEVICE}: a surprise removal: the device (if it is still on the bus) is deleted and its hardware
     * goes, so a rescan finds nothing. A workload on the device races it.
     */
    UNPLUG(Syntax.of("unplug").name("DEVICE"), (s, w) -> w.unplug(s.arg(0)), Fuzz.pickOne(4, FuzzView::plugged)),
    /**
     * {@code remove DEVICE}: sysfs {@code remove} ({@code device_unregister}): the device is deleted, its hardware
     * stays present for a rescan. A workload on the device races it.
     */
    REMOVE(Syntax.of("remove").name("DEVICE"), (s, w) -> w.remove(s.arg(0)), Fuzz.pickOne(3, FuzzView::onBus)),
    /**
     * {@code unbind DEVICE [driver=NAME]}: sysfs unbind: the driver's remove(), then the devres list; with
     * {@code driver}, through that driver's {@code unbind} file (ENODEV unless bound to it). A workload on the
     * device races it.
     */
    UNBIND(Syntax.of("unbind").name("DEVICE").nameOption("driver", "NAME", null),
            (s, w) -> w.unbind(s.arg(0), s.option("driver")),
            Fuzz.of(v -> v.bound().isEmpty() ? 0 : 4, (verb, v) -> v.byDriverSometimes(Step.of(verb, v.pick(v.bound()))))),
    /**
     * {@code bind DEVICE [driver=NAME]}: sysfs bind: by match (ENODEV when no loaded driver matches), or with
     * {@code driver} through that driver's {@code bind} file (ENODEV, EBUSY, EAGAIN as the kernel answers).
     */
    BIND(Syntax.of("bind").name("DEVICE").nameOption("driver", "NAME", null),
            (s, w) -> w.bind(s.arg(0), s.option("driver")),
            Fuzz.of(v -> v.unbound().isEmpty() ? 0 : 6, (verb, v) -> v.byDriverSometimes(Step.of(verb, v.pick(v.unbound()))))),
    /**
     * {@code rescan}: the bus scans its hardware ({@code pci_rescan_bus}): a removed device's present hardware
     * gets a new device, probed; then every unbound device is probed again.
     */
    RESCAN(Syntax.of("rescan"), (s, w) -> w.rescan(), Fuzz.of(v -> v.removed().isEmpty() ? 1 : 5, (verb, v) -> Step.of(verb))),
    /** {@code process P [on-remove=now|late|never]}: a userspace process and how it reacts to a removal uevent. */
    PROCESS(Syntax.of("process").name("P").choiceOption("on-remove", "never", "now", "late", "never"),
            (s, w) -> w.userspace().spawn(s.arg(0), s.option("on-remove")),
            Fuzz.of(v -> v.missingProcesses().isEmpty() ? 0 : 6, (verb, v) -> v.spawn(v.pick(v.missingProcesses())))),
    /**
     * {@code open P DEVICE as F [node=primary|render]}: the process opens the device's primary node
     * ({@code /dev/dri/cardN}) or its render node ({@code renderDN}: ioctls not allowed there answer EACCES).
     */
    OPEN(Syntax.of("open").name("P").name("DEVICE").keyword("as").name("F").choiceOption("node", "primary", "primary", "render"),
            (s, w) -> w.userspace().open(s.arg(0), s.arg(1), s.arg(2),
                    s.option("node").equals("render") ? DrmMinorType.RENDER : DrmMinorType.PRIMARY),
            Fuzz.of(v -> v.processes().isEmpty() || v.seen().isEmpty() ? 0 : 14, FuzzView::open)),
    /**
     * {@code ioctl P F NAME [racing=DEVICE] [by=unplug|unbind|remove]}: an ioctl; with {@code racing}, a removal
     * of DEVICE — a surprise unplug (the default), a sysfs unbind or a sysfs remove — races it in flight (the
     * seed picks whether it lands before the ioctl or at its first register access).
     */
    IOCTL(Syntax.of("ioctl").name("P").name("F").name("IOCTL").nameOption("racing", "DEVICE", null)
            .choiceOption("by", "unplug", "unplug", "unbind", "remove").requires("by", "racing"),
            (s, w) -> w.userspace().ioctl(s.arg(0), s.arg(1), s.arg(2), s.option("racing"), s.option("by")),
            Fuzz.of(v -> v.openFiles().isEmpty() ? 0 : 22, FuzzView::ioctl)),
    /**
     * {@code workload P F}: the process keeps running on its file: one call per scheduler tick (an ioctl or a
     * write to a mapping of the file, picked by the seed) until the file is closed; a step that removes the
     * device races the call in flight.
     */
    WORKLOAD(Syntax.of("workload").name("P").name("F"), (s, w) -> w.userspace().workload(s.arg(0), s.arg(1)),
            Fuzz.onPair(1, FuzzView::filesWithoutWorkload, (v, f) -> List.of(f[0], f[1]))),
    /** {@code mmap P F as M}: maps a fresh buffer of the file. */
    MMAP(Syntax.of("mmap").name("P").name("F").keyword("as").name("M"),
            (s, w) -> w.userspace().mmap(s.arg(0), s.arg(1), s.arg(2)),
            Fuzz.onPair(5, FuzzView::openFiles, (v, f) -> List.of(f[0], f[1], v.nextMap()))),
    /** {@code touch P M [read|write]}: reads (by default) or writes the mapping. */
    TOUCH(Syntax.of("touch").name("P").name("M").optionalChoice("read", "write"),
            (s, w) -> w.userspace().touch(s.arg(0), s.arg(1), s.args().size() > 2 && s.arg(2).equals("write")),
            Fuzz.onPair(8, FuzzView::openMaps, (v, m) -> List.of(m[0], m[1], v.coin() ? "write" : "read"))),
    /** {@code close P F}: closes the file (and unmaps its mappings). */
    CLOSE(Syntax.of("close").name("P").name("F"), (s, w) -> w.userspace().close(s.arg(0), s.arg(1)),
            Fuzz.onPair(8, FuzzView::openFiles, (v, f) -> List.of(f[0], f[1]))),
    /**
     * {@code read P FILE}: the process reads a debugfs file, {@code dri/<minor>/name} (what health checks read
     * after a rebind or a rescan): its text, or ENOENT.
     */
    READ(Syntax.of("read").name("P").name("FILE"), (s, w) -> w.userspace().read(s.arg(0), s.arg(1)),
            Fuzz.of(v -> v.processes().isEmpty() ? 0 : 2, (verb, v) -> Step.of(verb, v.pick(v.processes()),
                    v.pick(v.nameFiles())))),
    /** {@code exit P}: the process exits, closing everything it holds. */
    EXIT(Syntax.of("exit").name("P"), (s, w) -> w.userspace().exit(s.arg(0)), Fuzz.pickOne(1, FuzzView::processes)),
    /** {@code irq DEVICE}: the device raises its interrupt line. */
    IRQ(Syntax.of("irq").name("DEVICE"), (s, w) -> w.irq(s.arg(0)), Fuzz.pickOne(3, FuzzView::plugged)),
    /** {@code tick [N]}: N scheduler ticks (1 by default) in which late closers act. */
    TICK(Syntax.of("tick").optionalNumber("N", 1, World.MAX_TICKS),
            (s, w) -> w.tick(s.args().isEmpty() ? 1 : (int) Syntax.number(s.arg(0))),
            Fuzz.of(v -> 3, (verb, v) -> Step.of(verb))),
    /** {@code expect ok}: the previous call succeeded. */
    EXPECT_OK(Syntax.of("expect ok"), (s, c) -> Expectation.result(s, c, c.last().isOk())),
    /** {@code expect errno NAME}: the previous call failed with this errno. */
    EXPECT_ERRNO(Syntax.of("expect errno").name("ERRNO"), (s, c) -> Expectation.result(s, c, c.last().isErrno(s.arg(0)))),
    /** {@code expect value V}: the previous call returned this value. */
    EXPECT_VALUE(Syntax.of("expect value").value("VALUE"), (s, c) -> Expectation.result(s, c, c.last().isValue(s.arg(0)))),
    /** {@code expect text TEXT}: the previous call returned this text (words joined by one blank). */
    EXPECT_TEXT(Syntax.of("expect text").text("TEXT"), (s, c) -> Expectation.result(s, c, c.last().isValue(s.arg(0)))),
    /**
     * {@code expect released OWNER NAMES}: the previous step released (ran the release of) these resources of
     * OWNER's devres or drmm list, in this order; NAMES separated by commas.
     */
    EXPECT_RELEASED(Syntax.of("expect released").name("OWNER").list("NAMES"), Expectation::released),
    /**
     * {@code expect device DEVICE absent|present|unbound|bound [driver=NAME]}: whether the device is on its bus
     * now, bound, and (with {@code driver}) to which driver.
     */
    EXPECT_DEVICE(Syntax.of("expect device").name("DEVICE").choice("STATE", "absent", "present", "unbound", "bound")
            .nameOption("driver", "NAME", null).onlyWith("driver", 1, "bound"), Expectation::device),
    /**
     * {@code expect node DEVICE primary|render NAME}: the device's registered DRM device has this node now
     * (e.g. {@code card1}, {@code renderD129}: the minor is in the name), published in /dev; {@code none}: it
     * has no such node registered.
     */
    EXPECT_NODE(Syntax.of("expect node").name("DEVICE").choice("TYPE", "primary", "render").name("NAME"),
            Expectation::node),
    /** {@code expect report KIND}: the sanitizer has made a report of this kind so far. */
    EXPECT_REPORT(Syntax.of("expect report").name("KIND"), (s, c) -> Expectation.report(s, c, ReportKind.byId(s.arg(0)))),
    /** {@code expect clean}: the sanitizer has made no report so far. */
    EXPECT_CLEAN(Syntax.of("expect clean"), Expectation::clean);

    /** How the fuzzer weighs and makes a verb. */
    interface Fuzz {
        /** Not fuzzed. */
        Fuzz NEVER = of(v -> 0, (verb, v) -> {
            throw new IllegalStateException(verb.word() + " is not fuzzed");
        });

        /** @return how likely the verb is now, 0 for never */
        int weight(FuzzView v);

        /** @return a step of the verb for what the world looks like now (only asked if the weight is positive) */
        Step generate(Verb verb, FuzzView v);

        static Fuzz of(ToIntFunction<FuzzView> weight, BiFunction<Verb, FuzzView, Step> generate) {
            return new Fuzz() {
                @Override
                public int weight(FuzzView v) {
                    return weight.applyAsInt(v);
                }

                @Override
                public Step generate(Verb verb, FuzzView v) {
                    return generate.apply(verb, v);
                }
            };
        }

        /** @return weight {@code w} while {@code names} has one, and a step on one of them */
        static Fuzz pickOne(int w, Function<FuzzView, List<String>> names) {
            return of(v -> names.apply(v).isEmpty() ? 0 : w, (verb, v) -> Step.of(verb, v.pick(names.apply(v))));
        }

        /** @return weight {@code w} while {@code pairs} has one (process, file or mapping), and a step on one of them */
        static Fuzz onPair(int w, Function<FuzzView, List<String[]>> pairs,
                           BiFunction<FuzzView, String[], List<String>> args) {
            return of(v -> pairs.apply(v).isEmpty() ? 0 : w, (verb, v) -> new Step(0, verb,
                    args.apply(v, v.pick(pairs.apply(v))), java.util.Map.of()));
        }
    }

    private final Syntax syntax;
    private final BiConsumer<Step, World> action;
    private final BiFunction<Step, Expectation.Context, String> check;
    private final Fuzz fuzz;

    Verb(Syntax syntax, BiConsumer<Step, World> action, Fuzz fuzz) {
        this.syntax = syntax;
        this.action = action;
        this.check = null;
        this.fuzz = fuzz;
    }

    Verb(Syntax syntax, BiFunction<Step, Expectation.Context, String> check) {
        this.syntax = syntax;
        this.action = null;
        this.check = check;
        this.fuzz = Fuzz.NEVER;
    }

    Syntax syntax() {
        return syntax;
    }

    /** @return the words a script line starts with, e.g. {@code open} or {@code expect report} */
    public String word() {
        return syntax.key;
    }

    /** @return the usage line, e.g. {@code open P DEVICE as F} */
    public String usage() {
        return syntax.usage();
    }

    /** @return whether this is an {@code expect} form (checked by the runner, not run in the world) */
    public boolean isExpectation() {
        return check != null;
    }

    /** @return whether this is {@code expect ok}, {@code errno}, {@code value} or {@code text}: about the previous call's result */
    boolean isResultExpectation() {
        return this == EXPECT_OK || this == EXPECT_ERRNO || this == EXPECT_VALUE || this == EXPECT_TEXT;
    }

    /** @return whether the expectation is about the previous step (so one is refused as the first step) */
    boolean isAboutPreviousStep() {
        return isResultExpectation() || this == EXPECT_RELEASED;
    }

    /**
     * @return whether the runner checks it where it stands, at once; {@code expect report} and {@code clean} wait
     *         until the next step (after the last step: until after the world shutdown)
     */
    boolean isCheckedAtOnce() {
        return isExpectation() && this != EXPECT_REPORT && this != EXPECT_CLEAN;
    }

    /** Runs the step in the world; a step that cannot run as written throws {@link ScenarioStepException}. */
    void run(Step s, World w) {
        if (action == null) {
            throw new IllegalStateException(word() + " steps are checked by the runner, not run in the world");
        }
        action.accept(s, w);
    }

    /** @return null if the expectation holds where it stands, else what failed */
    String check(Step s, Expectation.Context c) {
        if (check == null) {
            throw new IllegalStateException(word() + " is not an expectation");
        }
        return check.apply(s, c);
    }

    /** @return how likely the fuzzer picks this verb now, 0 for never */
    int weight(FuzzView v) {
        return fuzz.weight(v);
    }

    /** @return a step of this verb for what the world looks like now (called only if the weight is positive) */
    Step generate(FuzzView v) {
        return fuzz.generate(this, v);
    }

    /**
     * @param first  the first word of a line
     * @param second its second word (what an {@code expect} line expects), or null
     * @return the verb a line starting with these words means, or null
     */
    static Verb byWords(String first, String second) {
        String key = first.equals("expect") && second != null ? "expect " + second : first;
        for (Verb v : values()) {
            if (v.syntax.key.equals(key)) {
                return v;
            }
        }
        return null;
    }

    /** @return what an {@code expect} line can expect, e.g. {@code ok, errno, ... or clean} */
    static String expectationWords() {
        List<String> w = java.util.Arrays.stream(values()).filter(Verb::isExpectation)
                .map(v -> v.syntax.key.substring("expect ".length())).toList();
        return String.join(", ", w.subList(0, w.size() - 1)) + " or " + w.get(w.size() - 1);
    }

    /** @return the verbs' first words, once each, for messages and help */
    static List<String> words() {
        return java.util.Arrays.stream(values()).map(v -> v.syntax.key.split(" ")[0]).distinct().toList();
    }
}
