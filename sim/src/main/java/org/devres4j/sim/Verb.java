package org.devres4j.sim;

import java.util.List;

/**
 * The scenario verbs, each defined in one place: its syntax and defaults ({@link #syntax()}), what it
 * does in the world, and — for the verbs the fuzzer uses — how often and with which arguments the
 * fuzzer generates it from what the world looks like. A new verb is one more constant here (plus, if
 * it does something the world cannot do yet, one world operation).
 *
 * <p>The {@code expect} forms are verbs too: they do nothing in the world; the runner checks them
 * where they stand ({@link #check(Step, Expectation.Context)}).
 *
 * <p><b>Lifetime:</b> constants. <b>Order:</b> declaration order is the order usage texts list the
 * verbs and the order the fuzzer weighs them. <b>Concurrency:</b> immutable; a step runs on the
 * world's thread.
 */
public enum Verb {

    /** {@code load DRIVER [variant=V]}: a driver (and its variant) is registered on the bus. */
    LOAD(Syntax.of("load").name("DRIVER").nameOption("variant", "V", "fixed")) {
        @Override
        void run(Step s, World w) {
            w.load(s.arg(0), s.option("variant"));
        }

        @Override
        int weight(FuzzView v) {
            return v.driverLoaded() ? 0 : 4;
        }

        @Override
        Step generate(FuzzView v) {
            Step s = Step.of(this, "vgpu");
            return v.variant().equals("fixed") ? s : s.with("variant", v.variant());
        }
    },
    /** {@code unload DRIVER}: the driver is unregistered; every device it drives is unbound. */
    UNLOAD(Syntax.of("unload").name("DRIVER")) {
        @Override
        void run(Step s, World w) {
            w.unload(s.arg(0));
        }

        @Override
        int weight(FuzzView v) {
            return v.driverLoaded() ? 1 : 0;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, "vgpu");
        }
    },
    /** {@code plug DEVICE [mmio=SIZE]}: hardware appears (an MMIO range, an IRQ line) and is probed. */
    PLUG(Syntax.of("plug").name("DEVICE").numberOption("mmio", "SIZE", 1, World.MAX_MMIO, "0x1000")) {
        @Override
        void run(Step s, World w) {
            w.plug(s.arg(0), s.number("mmio"));
        }

        @Override
        int weight(FuzzView v) {
            return v.unplugged().isEmpty() ? 0 : 8;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, v.pick(v.unplugged()));
        }
    },
    /** {@code virtual DEVICE [holder=devm|plain] [fix=none|group|faux]}: a driverless virtual device holding a DRM device. */
    VIRTUAL(Syntax.of("virtual").name("DEVICE").choiceOption("holder", "devm", "devm", "plain")
            .choiceOption("fix", "none", "none", "group", "faux")) {
        @Override
        void run(Step s, World w) {
            w.virtual(s.arg(0), s.option("holder"), s.option("fix"));
        }
    },
    /** {@code destroy DEVICE}: the creator of a virtual device destroys it now (else at world shutdown). */
    DESTROY(Syntax.of("destroy").name("DEVICE")) {
        @Override
        void run(Step s, World w) {
            w.destroy(s.arg(0));
        }
    },
    /** {@code unplug DEVICE}: a surprise removal: the device is deleted and its hardware goes. */
    UNPLUG(Syntax.of("unplug").name("DEVICE")) {
        @Override
        void run(Step s, World w) {
            w.unplug(s.arg(0));
        }

        @Override
        int weight(FuzzView v) {
            return v.plugged().isEmpty() ? 0 : 4;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, v.pick(v.plugged()));
        }
    },
    /** {@code unbind DEVICE}: sysfs unbind: the driver's remove(), then the devres list. */
    UNBIND(Syntax.of("unbind").name("DEVICE")) {
        @Override
        void run(Step s, World w) {
            w.unbind(s.arg(0));
        }

        @Override
        int weight(FuzzView v) {
            return v.bound().isEmpty() ? 0 : 4;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, v.pick(v.bound()));
        }
    },
    /** {@code bind DEVICE}: sysfs bind; ENODEV when no loaded driver matches. */
    BIND(Syntax.of("bind").name("DEVICE")) {
        @Override
        void run(Step s, World w) {
            w.bind(s.arg(0));
        }

        @Override
        int weight(FuzzView v) {
            return v.unbound().isEmpty() ? 0 : 6;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, v.pick(v.unbound()));
        }
    },
    /** {@code rescan}: the bus retries deferred probes. */
    RESCAN(Syntax.of("rescan")) {
        @Override
        void run(Step s, World w) {
            w.rescan();
        }

        @Override
        int weight(FuzzView v) {
            return 1;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this);
        }
    },
    /** {@code process P [on-remove=now|late|never]}: a userspace process and how it reacts to a removal uevent. */
    PROCESS(Syntax.of("process").name("P").choiceOption("on-remove", "never", "now", "late", "never")) {
        @Override
        void run(Step s, World w) {
            w.userspace().spawn(s.arg(0), s.option("on-remove"));
        }

        @Override
        int weight(FuzzView v) {
            return v.missingProcesses().isEmpty() ? 0 : 6;
        }

        @Override
        Step generate(FuzzView v) {
            return v.spawn(v.pick(v.missingProcesses()));
        }
    },
    /** {@code open P DEVICE as F}: the process opens the device's node. */
    OPEN(Syntax.of("open").name("P").name("DEVICE").keyword("as").name("F")) {
        @Override
        void run(Step s, World w) {
            w.userspace().open(s.arg(0), s.arg(1), s.arg(2));
        }

        @Override
        int weight(FuzzView v) {
            return v.processes().isEmpty() || v.seen().isEmpty() ? 0 : 14;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, v.pick(v.processes()), v.pick(v.seen()), v.nextFile());
        }
    },
    /**
     * {@code ioctl P F NAME [racing=DEVICE]}: an ioctl; with {@code racing}, a surprise removal of DEVICE
     * races it in flight (the seed picks whether it lands before the ioctl or at its first register access).
     */
    IOCTL(Syntax.of("ioctl").name("P").name("F").name("IOCTL").nameOption("racing", "DEVICE", null)) {
        @Override
        void run(Step s, World w) {
            w.userspace().ioctl(s.arg(0), s.arg(1), s.arg(2), s.option("racing"));
        }

        @Override
        int weight(FuzzView v) {
            return v.openFiles().isEmpty() ? 0 : 22;
        }

        @Override
        Step generate(FuzzView v) {
            String[] f = v.pick(v.openFiles());
            return Step.of(this, f[0], f[1], v.pick(v.ioctls(f[0], f[1])));
        }
    },
    /** {@code mmap P F as M}: maps a fresh buffer of the file. */
    MMAP(Syntax.of("mmap").name("P").name("F").keyword("as").name("M")) {
        @Override
        void run(Step s, World w) {
            w.userspace().mmap(s.arg(0), s.arg(1), s.arg(2));
        }

        @Override
        int weight(FuzzView v) {
            return v.openFiles().isEmpty() ? 0 : 5;
        }

        @Override
        Step generate(FuzzView v) {
            String[] f = v.pick(v.openFiles());
            return Step.of(this, f[0], f[1], v.nextMap());
        }
    },
    /** {@code touch P M [read|write]}: reads (by default) or writes the mapping. */
    TOUCH(Syntax.of("touch").name("P").name("M").optionalChoice("read", "write")) {
        @Override
        void run(Step s, World w) {
            w.userspace().touch(s.arg(0), s.arg(1), s.args().size() > 2 && s.arg(2).equals("write"));
        }

        @Override
        int weight(FuzzView v) {
            return v.openMaps().isEmpty() ? 0 : 8;
        }

        @Override
        Step generate(FuzzView v) {
            String[] m = v.pick(v.openMaps());
            return Step.of(this, m[0], m[1], v.coin() ? "write" : "read");
        }
    },
    /** {@code close P F}: closes the file (and unmaps its mappings). */
    CLOSE(Syntax.of("close").name("P").name("F")) {
        @Override
        void run(Step s, World w) {
            w.userspace().close(s.arg(0), s.arg(1));
        }

        @Override
        int weight(FuzzView v) {
            return v.openFiles().isEmpty() ? 0 : 8;
        }

        @Override
        Step generate(FuzzView v) {
            String[] f = v.pick(v.openFiles());
            return Step.of(this, f[0], f[1]);
        }
    },
    /** {@code exit P}: the process exits, closing everything it holds. */
    EXIT(Syntax.of("exit").name("P")) {
        @Override
        void run(Step s, World w) {
            w.userspace().exit(s.arg(0));
        }

        @Override
        int weight(FuzzView v) {
            return v.processes().isEmpty() ? 0 : 1;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, v.pick(v.processes()));
        }
    },
    /** {@code irq DEVICE}: the device raises its interrupt line. */
    IRQ(Syntax.of("irq").name("DEVICE")) {
        @Override
        void run(Step s, World w) {
            w.irq(s.arg(0));
        }

        @Override
        int weight(FuzzView v) {
            return v.plugged().isEmpty() ? 0 : 3;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this, v.pick(v.plugged()));
        }
    },
    /** {@code tick [N]}: N scheduler ticks (1 by default) in which late closers act. */
    TICK(Syntax.of("tick").optionalNumber("N", 1, World.MAX_TICKS)) {
        @Override
        void run(Step s, World w) {
            w.tick(s.args().isEmpty() ? 1 : (int) Syntax.number(s.arg(0)));
        }

        @Override
        int weight(FuzzView v) {
            return 3;
        }

        @Override
        Step generate(FuzzView v) {
            return Step.of(this);
        }
    },
    /** {@code expect ok}: the previous call succeeded. */
    EXPECT_OK(Syntax.of("expect ok")) {
        @Override
        String check(Step s, Expectation.Context c) {
            return Expectation.result(s, c, c.last().isOk());
        }
    },
    /** {@code expect errno NAME}: the previous call failed with this errno. */
    EXPECT_ERRNO(Syntax.of("expect errno").name("ERRNO")) {
        @Override
        String check(Step s, Expectation.Context c) {
            return Expectation.result(s, c, c.last().isErrno(s.arg(0)));
        }
    },
    /** {@code expect value V}: the previous call returned this value. */
    EXPECT_VALUE(Syntax.of("expect value").value("VALUE")) {
        @Override
        String check(Step s, Expectation.Context c) {
            return Expectation.result(s, c, c.last().isValue(s.arg(0)));
        }
    },
    /** {@code expect report KIND}: the sanitizer has made a report of this kind so far. */
    EXPECT_REPORT(Syntax.of("expect report").name("KIND")) {
        @Override
        String check(Step s, Expectation.Context c) {
            return Expectation.report(s, c, ReportKind.byId(s.arg(0)));
        }
    },
    /** {@code expect clean}: the sanitizer has made no report so far. */
    EXPECT_CLEAN(Syntax.of("expect clean")) {
        @Override
        String check(Step s, Expectation.Context c) {
            return Expectation.clean(s, c);
        }
    };

    private final Syntax syntax;

    Verb(Syntax syntax) {
        this.syntax = syntax;
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
        return name().startsWith("EXPECT_");
    }

    /** @return whether this is {@code expect ok}, {@code errno} or {@code value}: about the previous call */
    boolean isResultExpectation() {
        return this == EXPECT_OK || this == EXPECT_ERRNO || this == EXPECT_VALUE;
    }

    /** Runs the step in the world; a step that cannot run as written throws {@link ScenarioStepException}. */
    void run(Step s, World w) {
        throw new ScenarioStepException(word() + " steps are checked by the runner, not run in the world");
    }

    /** @return null if the expectation holds where it stands, else what failed */
    String check(Step s, Expectation.Context c) {
        throw new IllegalStateException(word() + " is not an expectation");
    }

    /** @return how likely the fuzzer picks this verb now, 0 for never (the default: not fuzzed) */
    int weight(FuzzView v) {
        return 0;
    }

    /** @return a step of this verb for what the world looks like now (called only if the weight is positive) */
    Step generate(FuzzView v) {
        throw new IllegalStateException(word() + " is not fuzzed");
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

    /** @return the verbs' first words, once each, for messages and help */
    static List<String> words() {
        return java.util.Arrays.stream(values()).map(v -> v.syntax.key.split(" ")[0]).distinct().toList();
    }
}
