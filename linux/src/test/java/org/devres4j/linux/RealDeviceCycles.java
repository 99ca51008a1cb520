package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real-kernel cycle test, once per event source (the subclasses): veth pairs are created in batches,
 * bound by {@link NetStatsDriver}, sampled by several threads without pause, and deleted while those reads
 * are in flight — {@value #ROUNDS} rounds of {@value #PAIRS} pairs, so {@code ROUNDS × PAIRS} pair cycles
 * (twice as many devices). It asserts what issue 12 asks: no error escapes a guarded section, every devres
 * action of every binding ran exactly once and newest first, the history (refcounted) was released once,
 * no file descriptor and no thread leaked, and (through {@link RealDevices}) no device is left behind and
 * {@code ip -o link} is unchanged.
 */
@ExtendWith(RealDevices.class)
@Timeout(600)
abstract class RealDeviceCycles {

    static final int ROUNDS = 20;
    static final int PAIRS = 10;
    static final int READERS = 3;
    /** Devres adds per NetStatsDriver binding: six attribute files, the history put, the unpublish. */
    static final int DEVRES_PER_BINDING = NetStatsDriver.ATTRIBUTES.size() + 2;
    static final Duration LIMIT = Duration.ofSeconds(30);

    /** @return a new, open source of the kind under test */
    abstract HotplugSource openSource();

    @Test
    void pairsAreBoundHammeredAndDeletedWhileReadsAreInFlight() throws Exception {
        runRounds(1, 2); // warm-up: classes loaded now keep their jar files open, which is no leak
        Map<Integer, String> fdsBefore = Leaks.fds();
        Set<Thread> threadsBefore = Leaks.threads();

        Stats s = runRounds(ROUNDS, PAIRS);

        assertThat(Leaks.fds()).as("open file descriptors after %d pair cycles", ROUNDS * PAIRS)
                .containsExactlyEntriesOf(fdsBefore);
        assertThat(Leaks.newThreads(threadsBefore)).as("threads left running").isEmpty();
        System.out.printf("[devres4j linux] %s: %d devices in %d pair cycles, %d reads, %d raced the removal, "
                        + "%d refused after the gate shut, %d samples; uevent-arrival→shut median %d µs, max %d µs%n",
                getClass().getSimpleName(), s.devices, ROUNDS * PAIRS, s.reads, s.raced, s.refused, s.samples,
                s.medianShutMicros, s.maxShutMicros);
    }

    private record Stats(int devices, long reads, long raced, long refused, long samples, long medianShutMicros,
                         long maxShutMicros) {
    }

    private Stats runRounds(int rounds, int pairs) throws Exception {
        DevresLog devres = new DevresLog();
        DevresLog history = new DevresLog();
        NetStatsDriver driver = new NetStatsDriver("netstats", DeviceMatch.name(Veth.runPrefix() + "*"), 16, history);
        List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());
        List<LinuxEvent> failures = Collections.synchronizedList(new ArrayList<>());
        List<LinuxEvent.Unplugged> unplugs = Collections.synchronizedList(new ArrayList<>());
        List<SysfsDevice> seen = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        SysfsBus bus = new SysfsBus(Sysfs.system(), openSource());
        try {
            bus.addTraceListener(devres);
            bus.addListener(e -> {
                devres.note(e);
                if (e instanceof LinuxEvent.Unplugged) {
                    unplugs.add((LinuxEvent.Unplugged) e);
                } else if (e instanceof LinuxEvent.Failed) {
                    failures.add(e);
                }
            });
            bus.register(driver);
            bus.start();
            for (int i = 0; i < READERS; i++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        for (String d : driver.boundDevices()) {
                            try {
                                driver.sample(d);
                            } catch (Throwable ex) {
                                escaped.add(ex);
                            }
                        }
                    }
                }, "test-reader-" + i);
                readers.add(t);
                t.start();
            }
            for (int r = 0; r < rounds; r++) {
                List<String> names = new ArrayList<>();
                List<String> devices = new ArrayList<>();
                for (int p = 0; p < pairs; p++) {
                    String n = Veth.newName();
                    names.add(n);
                    devices.add(n);
                    devices.add(Veth.peer(n));
                }
                Veth.addAll(names);
                Wait.until("round " + r + ": every device bound", LIMIT,
                        () -> devices.stream().allMatch(n -> bus.device(n).flatMap(SysfsDevice::driverName).isPresent()),
                        () -> bus.devices().toString());
                List<SysfsDevice> round = new ArrayList<>();
                devices.forEach(n -> round.add(bus.device(n).orElseThrow()));
                seen.addAll(round);
                Wait.until("round " + r + ": reads on every device", LIMIT,
                        () -> round.stream().allMatch(d -> d.reads() >= 2 * NetStatsDriver.ATTRIBUTES.size()),
                        round::toString);
                Veth.delAll(names); // while the readers keep reading
                Wait.until("round " + r + ": every device unplugged", LIMIT,
                        () -> devices.stream().noneMatch(n -> bus.device(n).isPresent()),
                        () -> bus.devices().toString());
            }
        } finally {
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
            bus.close();
        }

        assertThat(escaped).as("errors that escaped a guarded read").isEmpty();
        assertThat(failures).as("failures the bus reported").isEmpty();
        assertThat(seen).hasSize(rounds * pairs * 2);
        for (SysfsDevice d : seen) {
            devres.assertReleasedOnceNewestFirst(d.name(), DEVRES_PER_BINDING);
            assertThat(history.of("history " + d.name())).as("history list of %s", d.name())
                    .extracting(e -> e.verb() + " " + e.name()).containsExactly("ADD samples", "REL samples");
            assertThat(d.isPresent()).isFalse();
            assertThat(d.failedReads()).as("failed reads of %s", d.name()).isZero();
        }
        Set<String> ours = new java.util.HashSet<>();
        seen.forEach(d -> ours.add(d.name()));
        List<LinuxEvent.Unplugged> ourUnplugs = unplugs.stream().filter(u -> ours.contains(u.device())).toList();
        assertThat(ourUnplugs).as("unplugs of the test's devices").hasSize(seen.size())
                .allMatch(u -> u.wasBound() && u.reason().equals("removed by the kernel"));
        // the machine's own devices; another test JVM's veth pairs (d4j + its pid) come and go as that run pleases
        assertThat(unplugs).as("the other devices are unplugged only when the bus closes")
                .filteredOn(u -> !ours.contains(u.device()) && !u.device().startsWith(Veth.PREFIX))
                .allMatch(u -> u.reason().equals("bus closed"));
        long refused = seen.stream().mapToLong(SysfsDevice::refusedReads).sum();
        long raced = seen.stream().mapToLong(SysfsDevice::racedReads).sum();
        assertThat(refused + raced).as("reads that met a removed device: the deletions happened under the readers")
                .isPositive();
        long[] lat = ourUnplugs.stream().mapToLong(u -> u.latencyNanos() / 1000).sorted().toArray();
        return new Stats(seen.size(), seen.stream().mapToLong(SysfsDevice::reads).sum(), raced, refused,
                driver.samples(), lat[lat.length / 2], lat[lat.length - 1]);
    }
}
