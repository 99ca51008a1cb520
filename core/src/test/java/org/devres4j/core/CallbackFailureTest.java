package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.devres4j.core.Fixtures.Dev;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md invariant 10: no callback can stop an action from running or leave state half changed.
 * Every kind of callback (a per-list listener, a global listener, {@code Release.name()}, an exception's
 * {@code toString()}) misbehaves while every kind of list operation runs — table-driven, kind × operation.
 * Each case checks that the actions ran exactly once, in LIFO order, that the list reads as it should,
 * and that the failure was reported: logged through System.Logger (captured here, so the test log stays
 * quiet) and attached as suppressed when the operation ends in a ReleaseFailedException.
 */
class CallbackFailureTest {

    /** How a callback misbehaves. */
    enum Kind {
        /** The list's own listener throws a RuntimeException on every event. */
        LIST_LISTENER_THROWS(true),
        /** The list's own listener throws an Error (not a VirtualMachineError) on every event. */
        LIST_LISTENER_THROWS_ERROR(true),
        /** The list's own listener throws on the first REL it sees, and only then. */
        LISTENER_THROWS_ON_FIRST_REL(true),
        /** A global Tracing listener throws on every event. */
        GLOBAL_LISTENER_THROWS(true),
        /** Every plain action's Release.name() throws (the list is listened to, so names are asked). */
        NAME_THROWS(false),
        /** Every action throws an exception whose toString() and getMessage() throw. */
        FAILURE_TOSTRING_THROWS(false);

        final boolean listenerFails;

        Kind(boolean listenerFails) {
            this.listenerFails = listenerFails;
        }
    }

    /** The fixture one case runs on. */
    /** @return the kind of list these tests run against; a subclass runs them against the other kind */
    ListKind kind() {
        return ListKind.SHARED;
    }

    final class Fx {
        final Kind kind;
        final List<String> ran = Collections.synchronizedList(new ArrayList<>());
        final ResourceList<Dev> list;
        final AtomicBoolean firstRelSeen = new AtomicBoolean();

        Fx(Kind kind) {
            this.kind = kind;
            TraceListener listener = switch (kind) {
                case LIST_LISTENER_THROWS -> e -> {
                    throw new IllegalStateException("listener broke on " + e.verb());
                };
                case LIST_LISTENER_THROWS_ERROR -> e -> {
                    throw new AssertionError("listener error on " + e.verb());
                };
                case LISTENER_THROWS_ON_FIRST_REL -> e -> {
                    if (e.verb().equals(TraceEvent.REL) && firstRelSeen.compareAndSet(false, true)) {
                        throw new IllegalStateException("listener broke on the first REL");
                    }
                };
                case NAME_THROWS -> e -> { };
                default -> null;
            };
            list = kind().create(new Dev("dev0"), "dev0", listener);
        }

        /** An action that records its label; how it is named and whether it throws depend on the kind. */
        Handle add(String label) {
            return kind == Kind.NAME_THROWS ? list.add(action(label)) : list.add(label, owner -> run(label));
        }

        /** The handle-less form of {@link #add}: on a quiet confined list it lands in an action chunk. */
        void addAction(String label) {
            list.addAction(action(label));
        }

        /** A plain action running {@link #run}: named by the label, or with a name() that throws (NAME_THROWS). */
        Release<Dev> action(String label) {
            Release<Dev> body = owner -> run(label);
            if (kind != Kind.NAME_THROWS) {
                return Release.named(label, body);
            }
            return new Release<Dev>() {
                @Override
                public void release(Dev owner) throws Exception {
                    body.release(owner);
                }

                @Override
                public String name() {
                    throw new IllegalStateException("name() broke");
                }
            };
        }

        void run(String label) {
            ran.add(label);
            if (kind == Kind.FAILURE_TOSTRING_THROWS) {
                throw new BrokenException();
            }
        }
    }

    /** An exception whose text cannot be read. */
    static final class BrokenException extends RuntimeException {
        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage() broke");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString() broke");
        }
    }

    /** One operation: it runs on the fixture and checks what ran and how the list reads afterwards. */
    record Op(String name, Consumer<Fx> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Op> ops() {
        DataRelease<Dev, String> pair = (owner, d) -> { };
        return List.of(
                new Op("releaseAll", fx -> {
                    fx.add("a");
                    fx.add("b");
                    fx.add("c");
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("c", "b", "a");
                    assertThat(fx.list.isEmpty()).isTrue();
                }),
                new Op("release by handle", fx -> {
                    Handle a = fx.add("a");
                    Handle b = fx.add("b");
                    Handle c = fx.add("c");
                    release(fx, () -> fx.list.release(b));
                    assertThat(fx.ran).containsExactly("b");
                    assertThat(List.of(fx.list.contains(a), fx.list.contains(b), fx.list.contains(c)))
                            .containsExactly(true, false, true);
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("b", "c", "a");
                }),
                new Op("remove by handle", fx -> {
                    Handle a = fx.add("a");
                    fx.add("b");
                    fx.list.remove(a);
                    assertThat(fx.ran).isEmpty();
                    assertThat(fx.list.contains(a)).isFalse();
                    assertThat(fx.list.size()).isEqualTo(1);
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("b");
                }),
                new Op("release and remove by pair", fx -> {
                    DataRelease<Dev, String> recording = (owner, d) -> fx.run(d);
                    fx.list.add("p1", recording, "d1");
                    fx.list.add("p2", recording, "d2");
                    fx.list.add("p3", recording, "d3");
                    release(fx, () -> fx.list.release(recording, "d2"));
                    fx.list.remove(recording, "d1");
                    assertThat(fx.ran).containsExactly("d2");
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("d2", "d3");
                }),
                new Op("group release", fx -> {
                    fx.add("a");
                    Group g = fx.list.openGroup("g");
                    fx.add("b");
                    fx.add("c");
                    g.close();
                    fx.add("d");
                    release(fx, g::release);
                    assertThat(fx.ran).containsExactly("c", "b");
                    assertThat(g.isLive()).isFalse();
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("c", "b", "d", "a");
                }),
                new Op("handle-less actions, in and out of a group", fx -> {
                    fx.addAction("a");
                    List<String> many = new ArrayList<>();
                    for (int i = 0; i < ActionChunk.CAPACITY + 2; i++) { // more than one chunk holds
                        fx.addAction("x" + i);
                        many.add(0, "x" + i);
                    }
                    Group g = fx.list.openGroup("g");
                    fx.addAction("b");
                    fx.add("h");
                    fx.addAction("c");
                    g.close();
                    fx.addAction("d");
                    assertThat(fx.list.size()).isEqualTo(ActionChunk.CAPACITY + 7);
                    release(fx, g::release);
                    assertThat(fx.ran).containsExactly("c", "h", "b");
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    List<String> all = new ArrayList<>(List.of("c", "h", "b", "d"));
                    all.addAll(many);
                    all.add("a");
                    assertThat(fx.ran).containsExactlyElementsOf(all);
                    assertThat(fx.list.isEmpty()).isTrue();
                }),
                new Op("group removal", fx -> {
                    Group g = fx.list.openGroup("g");
                    fx.add("a");
                    fx.list.removeGroup("g");
                    assertThat(g.isLive()).isFalse();
                    assertThat(fx.list.size()).isEqualTo(1);
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("a");
                }),
                new Op("close for good, then addOrReset", fx -> {
                    fx.add("a");
                    release(fx, () -> fx.list.releaseAllAndClose("last put"));
                    assertThat(fx.list.isClosed()).isTrue();
                    assertThatThrownBy(() -> fx.list.addOrReset("late", owner -> fx.run("late")))
                            .isInstanceOf(ListClosedException.class);
                    assertThat(fx.ran).containsExactly("a", "late");
                }),
                new Op("managed value and buffer", fx -> {
                    Managed<String> v = fx.list.alloc("v", () -> "value", value -> fx.run("v"));
                    ManagedBuffer buf = fx.list.allocBytes("buf", 4);
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("v");
                    assertThatThrownBy(v::get).isInstanceOf(UseAfterReleaseException.class);
                    assertThatThrownBy(() -> buf.read(0)).isInstanceOf(UseAfterReleaseException.class);
                }),
                new Op("a failing action among others", fx -> {
                    fx.add("a");
                    fx.list.add("fails", owner -> {
                        fx.ran.add("fails");
                        throw new IllegalStateException("the action's own failure");
                    });
                    fx.add("c");
                    assertThatThrownBy(() -> fx.list.releaseAll("unbind")).isInstanceOf(ReleaseFailedException.class);
                    assertThat(fx.ran).containsExactly("c", "fails", "a");
                    assertThat(fx.list.isEmpty()).isTrue();
                }),
                new Op("lookups, named and shared resources", fx -> {
                    DataRelease<Dev, String> recording = (owner, d) -> fx.run(d);
                    fx.list.addNamed("n", owner -> fx.run("n"));
                    assertThat(fx.list.findOrAdd("m", recording, "m1", d -> d.startsWith("m"))).isEqualTo("m1");
                    assertThat(fx.list.findOrAdd("m", recording, "m2", d -> d.startsWith("m"))).isEqualTo("m1");
                    SharedResource<String> s = fx.list.addShared("s", "shared", v -> fx.run("free"));
                    s.get();
                    release(fx, () -> fx.list.releaseMatch(recording, d -> d.equals("m1")));
                    assertThat(fx.list.destroyNamed("n")).isTrue();
                    release(fx, () -> fx.list.releaseAll("unbind"));
                    assertThat(fx.ran).containsExactly("m1");
                    if (fx.kind == Kind.FAILURE_TOSTRING_THROWS) { // the last put runs the free: its failure is the putter's
                        assertThatThrownBy(s::put).isInstanceOf(BrokenException.class);
                    } else {
                        assertThat(s.put()).isTrue();
                    }
                    assertThat(fx.ran).containsExactly("m1", "free");
                    assertThat(s.isReleased()).isTrue();
                    assertThat(pair).isNotNull();
                }),
                new Op("queries and refusals", fx -> {
                    Handle a = fx.add("a");
                    assertThat(fx.list.leakReport().entries()).hasSize(1);
                    assertThat(fx.list.names()).hasSize(1);
                    fx.list.remove(a);
                    assertThatThrownBy(() -> fx.list.release(a)).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("was already released or removed");
                    assertThat(fx.ran).isEmpty();
                }));
    }

    /** Runs a release; a ReleaseFailedException is expected exactly when the kind makes the actions that ran fail. */
    static void release(Fx fx, Runnable release) {
        int before = fx.ran.size();
        try {
            release.run();
            if (fx.kind == Kind.FAILURE_TOSTRING_THROWS) {
                assertThat(fx.ran).as("no action ran, so none failed").hasSize(before);
            }
        } catch (ReleaseFailedException e) {
            if (fx.kind != Kind.FAILURE_TOSTRING_THROWS) {
                throw e;
            }
            assertThat(e.getMessage()).contains(BrokenException.class.getName() + " (its toString() threw");
            assertThat(e.getCause()).isInstanceOf(BrokenException.class);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Kind.values()).flatMap(k -> ops().stream().map(op -> Arguments.of(k, op)));
    }

    private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    private final Logger jul = Logger.getLogger("org.devres4j");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private AutoCloseable globalListener;

    @BeforeEach
    void captureTheLog() {
        jul.addHandler(capture);
        jul.setUseParentHandlers(false);
    }

    @AfterEach
    void restore() throws Exception {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
        Tracing.disable();
        if (globalListener != null) {
            globalListener.close();
        }
    }

    @ParameterizedTest(name = "{0} during {1}")
    @MethodSource("cases")
    void everyActionRunsOnceAndTheFailureIsReported(Kind kind, Op op) {
        if (kind == Kind.GLOBAL_LISTENER_THROWS) {
            globalListener = Tracing.addListener(e -> {
                if (e.owner().equals("dev0")) {
                    throw new IllegalStateException("global listener broke on " + e.verb());
                }
            });
            Tracing.enable();
        }
        Fx fx = new Fx(kind);
        op.body().accept(fx);
        ListInvariants.check(fx.list, kind + " during " + op);
        List<String> warnings = logged.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
        if (kind.listenerFails && (kind != Kind.LISTENER_THROWS_ON_FIRST_REL || fx.firstRelSeen.get())) {
            assertThat(warnings).as("the listener's failure is reported").isNotEmpty()
                    .allMatch(m -> m.contains("listener") && m.contains("the lifetime operation went on"));
        }
        if (kind == Kind.NAME_THROWS && warnings.isEmpty()) {
            assertThat(op.name()).as("only operations without plain actions ask no name").matches("(release and remove by pair|"
                    + "managed value and buffer|lookups, named and shared resources)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingListeners")
    void aListenerFailureIsAttachedToTheReleaseFailure(Kind kind) {
        Fx fx = new Fx(kind);
        fx.add("a");
        fx.list.add("fails", owner -> {
            throw new IllegalStateException("the action's own failure");
        });
        ReleaseFailedException e = org.junit.jupiter.api.Assertions.assertThrows(ReleaseFailedException.class,
                () -> fx.list.releaseAll("unbind"));
        assertThat(e.getCause()).hasMessage("the action's own failure");
        assertThat(e.getSuppressed()).as("the listener's failure rides along").isNotEmpty();
        assertThat(fx.ran).containsExactly("a");
    }

    @org.junit.jupiter.api.Test
    void failingHandleLessActionsOfAChunkStopNoOtherAndAreAllReported() {
        ResourceList<Dev> list = kind().create(new Dev("dev0"), "dev0");
        List<String> ran = new ArrayList<>();
        for (int i = 0; i < ActionChunk.CAPACITY + 4; i++) { // two chunks on a confined list
            String name = "a" + i;
            boolean fails = i % 7 == 3;
            list.addAction(Release.named(name, owner -> {
                ran.add(name);
                if (fails) {
                    throw new IllegalStateException(name + " failed");
                }
            }));
        }
        ReleaseFailedException e = org.junit.jupiter.api.Assertions.assertThrows(ReleaseFailedException.class,
                () -> list.releaseAll("unbind"));
        List<String> newestFirst = new ArrayList<>();
        for (int i = ActionChunk.CAPACITY + 3; i >= 0; i--) {
            newestFirst.add("a" + i);
        }
        assertThat(ran).as("every action ran once, newest first").containsExactlyElementsOf(newestFirst);
        assertThat(e.failures()).extracting(ReleaseFailure::actionName).containsExactly("a17", "a10", "a3");
        assertThat(e.getCause()).hasMessage("a17 failed");
        assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("a10 failed", "a3 failed");
        assertThat(e.getMessage()).contains("3 actions failed during unbind of 'dev0'", "'a10': java.lang.IllegalStateException: a10 failed");
        assertThat(list.isEmpty()).isTrue();
        list.releaseAll("again");
        assertThat(ran).as("released exactly once").hasSize(ActionChunk.CAPACITY + 4);
    }

    static Stream<Kind> failingListeners() {
        return Stream.of(Kind.LIST_LISTENER_THROWS, Kind.LIST_LISTENER_THROWS_ERROR, Kind.LISTENER_THROWS_ON_FIRST_REL);
    }

    @org.junit.jupiter.api.Test
    void anAddWhoseAddEventThrowsIsOnTheListAndAddReturnsNormally() {
        Fx fx = new Fx(Kind.LIST_LISTENER_THROWS);
        Handle h = fx.add("a");
        assertThat(fx.list.contains(h)).as("all or nothing: the add happened and add() did not throw").isTrue();
        fx.list.releaseAll("unbind");
        assertThat(fx.ran).containsExactly("a");
    }

    @org.junit.jupiter.api.Test
    void aBrokenLoggingBackendDoesNotStopARelease() {
        Handler throwing = new Handler() {
            @Override
            public void publish(LogRecord record) {
                throw new IllegalStateException("the logging backend broke");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(throwing);
        try {
            Fx fx = new Fx(Kind.LIST_LISTENER_THROWS);
            fx.add("a");
            fx.add("b");
            fx.list.releaseAll("unbind");
            assertThat(fx.ran).containsExactly("b", "a");
        } finally {
            jul.removeHandler(throwing);
        }
    }
}
