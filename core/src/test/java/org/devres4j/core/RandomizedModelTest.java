package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.devres4j.core.Fixtures.Dev;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of list operations checked, after every step, against a plain ArrayList model
 * of devres.c's semantics (groups coloured as remove_nodes does, find_group with a null id = the
 * newest open group). Handle-less adds (addAction, in bursts that fill more than one chunk on a confined
 * list) mix with every other operation. Compares the entries (resources and group markers), the size and the exact
 * sequence of actions that ran, and the errors bad input gets.
 *
 * <p>Seeds: the run prints its base seed; case {@code i} uses {@code base + i}. Replay one case with
 * {@code -Ddevres4j.seed=N} (N as printed in the failure). Every assertion message carries the seed.
 */
class RandomizedModelTest {

    private static final int CASES = 200;
    private static final int OPS = 300;
    private static final int MAX_ENTRIES = 60;
    private static final Object[] IDS = {"g0", "g1", "g2"};

    /** @return the kind of list the model is compared with; a subclass compares the other kind */
    ListKind kind() {
        return ListKind.SHARED;
    }

    @Test
    void randomSequencesMatchTheModel() {
        String fixed = System.getProperty("devres4j.seed");
        if (fixed != null) {
            long seed = Long.parseLong(fixed);
            System.out.println("RandomizedModelTest: replaying seed " + seed);
            new Run(seed).go();
            return;
        }
        long base = System.nanoTime();
        System.out.println(getClass().getSimpleName() + ": base seed " + base + " (" + CASES + " cases × " + OPS
                + " ops; replay a case with -Ddevres4j.seed=<base+i>)");
        for (int i = 0; i < CASES; i++) {
            new Run(base + i).go();
        }
    }

    // ------------------------------------------------------------------ the model

    /** A model group. */
    static final class MGroup {
        final Object id; // as passed to openGroup (may be null)
        Group real;
        boolean closed;
        boolean live = true;

        MGroup(Object id) {
            this.id = id;
        }

        boolean matches(Object key) {
            return key == real || (id != null && key == id);
        }
    }

    /** A model entry: a resource or a group marker. */
    static final class MEntry {
        final String name;
        final MGroup group; // non-null for markers
        final boolean opening;
        final boolean fails;
        final boolean managed;
        final Object pairData; // non-null for pair actions
        Handle handle;
        String state = "live"; // live, released, removed

        MEntry(String name, MGroup group, boolean opening, boolean fails, boolean managed, Object pairData) {
            this.name = name;
            this.group = group;
            this.opening = opening;
            this.fails = fails;
            this.managed = managed;
            this.pairData = pairData;
        }

        boolean isMarker() {
            return group != null;
        }

        String displayName() {
            return isMarker() ? group.real + (opening ? " open" : " close") : name;
        }
    }

    final class Run {
        final long seed;
        final Random rnd;
        final Fixtures.RunLog realLog = new Fixtures.RunLog();
        final List<String> modelLog = new ArrayList<>();
        final ResourceList<Dev> list = kind().create(new Dev("m"), "model-dev");
        final List<MEntry> entries = new ArrayList<>(); // oldest first
        final List<MEntry> everyResource = new ArrayList<>();
        final List<MGroup> everyGroup = new ArrayList<>();
        final Map<String, Object> pairData = new HashMap<>();
        final DataRelease<Dev, String> pairAction;
        int counter;
        int step;
        String op = "";

        Run(long seed) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.pairAction = (o, d) -> realLog.record(d);
        }

        String ctx() {
            return "seed " + seed + " (replay: -Ddevres4j.seed=" + seed + "), step " + step + " " + op;
        }

        void go() {
            for (step = 0; step < OPS; step++) {
                try {
                    if (entries.size() > MAX_ENTRIES) {
                        op = "releaseAll(bound)";
                        releaseAll();
                    } else {
                        oneRandomOp();
                    }
                } catch (RuntimeException unexpected) {
                    throw new AssertionError(ctx() + ": unexpected " + unexpected, unexpected);
                }
                compare();
            }
            op = "releaseAllAndClose";
            List<String> failing = modelReleaseAll();
            expectRelease(() -> list.releaseAllAndClose("close"), failing);
            compare();
            assertThat(list.isClosed()).as(ctx()).isTrue();
            try {
                list.add("late", realLog.action("late"));
                fail(ctx() + ": add after close was accepted");
            } catch (ListClosedException expected) {
                assertThat(expected.getMessage()).as(ctx()).contains("'model-dev'", "closed for good");
            }
            compare();
        }

        void oneRandomOp() {
            int r = rnd.nextInt(100);
            if (r < 20 && rnd.nextInt(3) == 0) {
                op = "addAction";
                addActions();
            } else if (r < 20) {
                op = "add";
                String name = "a" + counter++;
                boolean fails = rnd.nextInt(10) == 0;
                MEntry e = resource(name, fails, false, null);
                e.handle = list.add(name, fails ? o -> {
                    realLog.record(name);
                    throw new IllegalStateException("fail " + name);
                } : realLog.action(name));
            } else if (r < 27) {
                op = "add-pair";
                String data;
                if (!pairData.isEmpty() && rnd.nextInt(3) == 0) {
                    List<String> keys = new ArrayList<>(pairData.keySet());
                    keys.sort(null);
                    data = (String) pairData.get(keys.get(rnd.nextInt(keys.size())));
                } else {
                    data = new String("p" + counter++);
                    pairData.put(data, data);
                }
                MEntry e = resource(data, false, false, data);
                e.handle = list.add(data, pairAction, data);
            } else if (r < 33) {
                op = "alloc";
                String name = "m" + counter++;
                MEntry e = resource(name, false, true, null);
                e.handle = list.alloc(name, () -> name, v -> realLog.record(v));
            } else if (r < 41) {
                op = "remove";
                onHandle(false);
            } else if (r < 49) {
                op = "release";
                onHandle(true);
            } else if (r < 54) {
                op = "remove/release-pair";
                onPair(rnd.nextBoolean());
            } else if (r < 58) {
                op = "get-after-release";
                getManaged();
            } else if (r < 68) {
                op = "openGroup";
                openGroup();
            } else if (r < 77) {
                op = "closeGroup";
                groupOp("close");
            } else if (r < 82) {
                op = "removeGroup";
                groupOp("remove");
            } else if (r < 92) {
                op = "releaseGroup";
                groupOp("release");
            } else if (r < 97) {
                op = "releaseAll";
                releaseAll();
            } else {
                op = "contains";
                if (!everyResource.isEmpty()) {
                    MEntry e = everyResource.get(rnd.nextInt(everyResource.size()));
                    assertThat(list.contains(e.handle)).as(ctx()).isEqualTo(e.state.equals("live"));
                    assertThat(e.handle.isLive()).as(ctx()).isEqualTo(e.state.equals("live"));
                }
            }
        }

        /**
         * A burst of handle-less actions, sometimes more than one chunk holds: the model keeps them as
         * entries without a handle (never removed, released or looked up on their own).
         */
        void addActions() {
            int burst = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 2 * ActionChunk.CAPACITY);
            op += " x" + burst;
            for (int i = 0; i < burst; i++) {
                String name = "h" + counter++;
                boolean fails = rnd.nextInt(10) == 0;
                entries.add(new MEntry(name, null, false, fails, false, null));
                list.addAction(Release.named(name, fails ? o -> {
                    realLog.record(name);
                    throw new IllegalStateException("fail " + name);
                } : realLog.action(name)));
            }
        }

        MEntry resource(String name, boolean fails, boolean managed, Object data) {
            MEntry e = new MEntry(name, null, false, fails, managed, data);
            entries.add(e);
            everyResource.add(e);
            return e;
        }

        void onHandle(boolean release) {
            if (everyResource.isEmpty()) {
                return;
            }
            MEntry e = everyResource.get(rnd.nextInt(everyResource.size()));
            op += " " + e.name + " (" + e.state + ")";
            if (!e.state.equals("live")) {
                expectError(() -> {
                    if (release) {
                        list.release(e.handle);
                    } else {
                        list.remove(e.handle);
                    }
                }, IllegalStateException.class, "already released or removed");
                return;
            }
            entries.remove(e);
            if (release) {
                e.state = "released";
                modelLog.add(e.name);
                expectRelease(() -> list.release(e.handle), e.fails ? List.of(e.name) : List.of());
            } else {
                e.state = "removed";
                list.remove(e.handle);
            }
        }

        void onPair(boolean release) {
            if (pairData.isEmpty()) {
                return;
            }
            List<String> keys = new ArrayList<>(pairData.keySet());
            keys.sort(null);
            Object data = pairData.get(keys.get(rnd.nextInt(keys.size())));
            op += (release ? " release " : " remove ") + data;
            MEntry found = null;
            for (int i = entries.size() - 1; i >= 0; i--) {
                MEntry e = entries.get(i);
                if (e.pairData == data) {
                    found = e;
                    break;
                }
            }
            assertThat(list.find(pairAction, (String) data).orElse(null)).as(ctx())
                    .isSameAs(found == null ? null : found.handle);
            if (found == null) {
                expectError(() -> {
                    if (release) {
                        list.release(pairAction, (String) data);
                    } else {
                        list.remove(pairAction, (String) data);
                    }
                }, IllegalArgumentException.class, "no action with this (action, data = " + data + ") pair");
                return;
            }
            entries.remove(found);
            if (release) {
                found.state = "released";
                modelLog.add(found.name);
                list.release(pairAction, (String) data);
            } else {
                found.state = "removed";
                list.remove(pairAction, (String) data);
            }
        }

        @SuppressWarnings("unchecked")
        void getManaged() {
            List<MEntry> managed = everyResource.stream().filter(e -> e.managed).toList();
            if (managed.isEmpty()) {
                return;
            }
            MEntry e = managed.get(rnd.nextInt(managed.size()));
            Managed<String> m = (Managed<String>) e.handle;
            op += " " + e.name + " (" + e.state + ")";
            if (e.state.equals("released")) {
                try {
                    m.get();
                    fail(ctx() + ": get after release of " + e.name + " succeeded");
                } catch (UseAfterReleaseException expected) {
                    assertThat(expected.getMessage()).as(ctx()).contains("'" + e.name + "' owned by 'model-dev'");
                }
            } else {
                assertThat(m.get()).as(ctx()).isEqualTo(e.name);
            }
        }

        Object pickKey() {
            int r = rnd.nextInt(10);
            if (r < 2) {
                return null;
            }
            if (r < 6 || everyGroup.isEmpty()) {
                return IDS[rnd.nextInt(IDS.length)];
            }
            return everyGroup.get(rnd.nextInt(everyGroup.size())).real;
        }

        void openGroup() {
            Object id = rnd.nextInt(3) == 0 ? null : IDS[rnd.nextInt(IDS.length)];
            MGroup g = new MGroup(id);
            g.real = list.openGroup(id);
            op += " " + g.real;
            entries.add(new MEntry(null, g, true, false, false, null));
            everyGroup.add(g);
            assertThat(g.real.id()).as(ctx()).isSameAs(id == null ? g.real : id);
        }

        /** find_group: the newest group on the list matching the key (null: the newest open one). */
        MGroup findGroup(Object key) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                MEntry e = entries.get(i);
                if (e.isMarker() && (key == null ? !e.group.closed : e.group.matches(key))) {
                    return e.group;
                }
            }
            return null;
        }

        void groupOp(String what) {
            Object key = pickKey();
            op += " " + key;
            MGroup g = findGroup(key);
            if (g == null) {
                expectError(() -> realGroupOp(what, key), IllegalArgumentException.class,
                        key == null ? "no open group is on this list" : "is on this list — it was never opened here");
                return;
            }
            switch (what) {
                case "close" -> {
                    if (g.closed) {
                        expectError(() -> list.closeGroup(key), IllegalStateException.class,
                                "is already closed — a group is closed once");
                        return;
                    }
                    g.closed = true;
                    entries.add(new MEntry(null, g, false, false, false, null));
                    list.closeGroup(key);
                }
                case "remove" -> {
                    entries.removeIf(e -> e.group == g);
                    g.live = false;
                    list.removeGroup(key);
                }
                default -> {
                    int from = indexOfMarker(g, true);
                    int to = g.closed ? indexOfMarker(g, false) : entries.size() - 1;
                    List<MEntry> span = new ArrayList<>(entries.subList(from, to + 1));
                    Map<MGroup, Integer> colour = new HashMap<>();
                    for (MEntry e : span) {
                        if (e.isMarker()) {
                            colour.merge(e.group, e.group.closed ? 1 : 2, Integer::sum);
                        }
                    }
                    List<String> failing = new ArrayList<>();
                    int count = 0;
                    for (int i = span.size() - 1; i >= 0; i--) {
                        MEntry e = span.get(i);
                        if (e.isMarker()) {
                            if (colour.get(e.group) >= 2) {
                                entries.remove(e);
                                e.group.live = false;
                            }
                        } else {
                            entries.remove(e);
                            e.state = "released";
                            modelLog.add(e.name);
                            count++;
                            if (e.fails) {
                                failing.add(e.name);
                            }
                        }
                    }
                    int expected = count;
                    int[] got = new int[1];
                    expectRelease(() -> got[0] = list.releaseGroup(key), failing);
                    if (failing.isEmpty()) {
                        assertThat(got[0]).as(ctx() + ": releaseGroup count").isEqualTo(expected);
                    }
                }
            }
        }

        void realGroupOp(String what, Object key) {
            switch (what) {
                case "close" -> list.closeGroup(key);
                case "remove" -> list.removeGroup(key);
                default -> list.releaseGroup(key);
            }
        }

        int indexOfMarker(MGroup g, boolean opening) {
            for (int i = 0; i < entries.size(); i++) {
                MEntry e = entries.get(i);
                if (e.group == g && e.opening == opening) {
                    return i;
                }
            }
            throw new AssertionError(ctx() + ": model lost a marker");
        }

        List<String> modelReleaseAll() {
            List<String> failing = new ArrayList<>();
            for (int i = entries.size() - 1; i >= 0; i--) {
                MEntry e = entries.get(i);
                if (e.isMarker()) {
                    e.group.live = false;
                } else {
                    e.state = "released";
                    modelLog.add(e.name);
                    if (e.fails) {
                        failing.add(e.name);
                    }
                }
            }
            entries.clear();
            return failing;
        }

        void releaseAll() {
            List<String> failing = modelReleaseAll();
            expectRelease(() -> list.releaseAll("unbind"), failing);
        }

        void expectRelease(Runnable release, List<String> failing) {
            try {
                release.run();
                assertThat(failing).as(ctx() + ": expected failures").isEmpty();
            } catch (ReleaseFailedException e) {
                assertThat(e.failures()).extracting(ReleaseFailure::actionName).as(ctx() + ": failures")
                        .containsExactlyElementsOf(failing);
                assertThat(e.getMessage()).as(ctx()).contains("'model-dev'");
            }
        }

        void expectError(Runnable bad, Class<? extends Throwable> type, String text) {
            try {
                bad.run();
                fail(ctx() + ": expected " + type.getSimpleName());
            } catch (RuntimeException e) {
                assertThat(e).as(ctx()).isExactlyInstanceOf(type);
                assertThat(e.getMessage()).as(ctx()).contains("'model-dev'", text);
            }
        }

        void compare() {
            // plain checks first (AssertJ only to render a failure): this runs 60,000 times
            List<String> expected = entries.stream().map(MEntry::displayName).toList();
            List<String> actual = list.leakReport().entries().stream().map(LeakReport.Entry::name).toList();
            if (!actual.equals(expected)) {
                assertThat(actual).as(ctx() + ": entries").isEqualTo(expected);
            }
            List<String> names = entries.stream().filter(e -> !e.isMarker()).map(e -> e.name).toList();
            if (!list.names().equals(names) || list.size() != names.size()) {
                assertThat(list.names()).as(ctx() + ": names").isEqualTo(names);
                assertThat(list.size()).as(ctx() + ": size").isEqualTo(names.size());
            }
            List<String> ran = realLog.ran();
            if (!ran.equals(modelLog)) {
                assertThat(ran).as(ctx() + ": actions run").isEqualTo(modelLog);
            }
            ListInvariants.check(list, "seed " + seed + ", step " + step);
            for (MGroup g : everyGroup) {
                if (g.real.isLive() != g.live || g.real.isOpen() != (g.live && !g.closed)) {
                    fail(ctx() + ": " + g.real + " expected live=" + g.live + " open=" + (g.live && !g.closed)
                            + " but was live=" + g.real.isLive() + " open=" + g.real.isOpen());
                }
            }
        }
    }
}
