package org.devres4j.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * {@code java.lang.foreign.Arena.ofShared()} for a benchmark compiled for Java 17: the calls are
 * method handles looked up at run time, so the bench module keeps {@code release 17} and one source
 * tree, and the arena rows run whenever the JVM is 22 or newer (the FFM API is final from 22).
 *
 * <p>The handles are adapted to {@code Object} types once and called with {@code invokeExact}, so
 * the JIT inlines them as it would a direct call; what an arena's {@code close()} costs (a
 * handshake with every thread, so that none is inside an access to its memory) is microseconds,
 * far above a call's few nanoseconds.
 *
 * <p><b>Lifetime:</b> an opened arena is closed by {@link #close}. <b>Concurrency:</b> the arenas
 * are shared: any thread may read a segment while another closes its arena.
 */
final class SharedArenas {

    private final MethodHandle ofShared;   // ()Object
    private final MethodHandle allocate;   // (Object arena, long)Object
    private final MethodHandle close;      // (Object arena)void
    private final MethodHandle isAlive;    // (Object segment)boolean
    private final MethodHandle getInt;     // (Object segment, long)int

    /** An open shared arena and 8 bytes of its memory. */
    record Open(Object arena, Object segment) {
    }

    private SharedArenas(MethodHandle ofShared, MethodHandle allocate, MethodHandle close, MethodHandle isAlive, MethodHandle getInt) {
        this.ofShared = ofShared;
        this.allocate = allocate;
        this.close = close;
        this.isAlive = isAlive;
        this.getInt = getInt;
    }

    /**
     * @return the handles, or empty with {@link #unavailableReason()} on a JVM without the final FFM API
     */
    static Optional<SharedArenas> find() {
        if (Runtime.version().feature() < 22) {
            return Optional.empty();
        }
        try {
            MethodHandles.Lookup l = MethodHandles.publicLookup();
            Class<?> arena = Class.forName("java.lang.foreign.Arena");
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> scope = Class.forName("java.lang.foreign.MemorySegment$Scope");
            Class<?> ofInt = Class.forName("java.lang.foreign.ValueLayout$OfInt");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Object javaInt = valueLayout.getField("JAVA_INT").get(null);
            MethodHandle ofShared = l.findStatic(arena, "ofShared", MethodType.methodType(arena))
                    .asType(MethodType.methodType(Object.class));
            MethodHandle allocate = l.findVirtual(arena, "allocate", MethodType.methodType(segment, long.class))
                    .asType(MethodType.methodType(Object.class, Object.class, long.class));
            MethodHandle close = l.findVirtual(arena, "close", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            MethodHandle isAlive = MethodHandles.filterReturnValue(
                    l.findVirtual(segment, "scope", MethodType.methodType(scope)),
                    l.findVirtual(scope, "isAlive", MethodType.methodType(boolean.class)))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            MethodHandle getInt = MethodHandles.insertArguments(
                    l.findVirtual(segment, "get", MethodType.methodType(int.class, ofInt, long.class)), 1, javaInt)
                    .asType(MethodType.methodType(int.class, Object.class, long.class));
            return Optional.of(new SharedArenas(ofShared, allocate, close, isAlive, getInt));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SharedArenas: Java " + Runtime.version().feature()
                    + " should have the final FFM API, but looking it up failed", e);
        }
    }

    /** @return why {@link #find()} is empty on this JVM */
    static String unavailableReason() {
        return "needs Java 22+ (java.lang.foreign.Arena); this run is Java " + Runtime.version().feature();
    }

    Open open() {
        try {
            Object a = (Object) ofShared.invokeExact();
            Object s = (Object) allocate.invokeExact(a, 8L);
            return new Open(a, s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void close(Open open) {
        try {
            close.invokeExact(open.arena());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * A read as an FFM user writes it: check the segment is alive, then read; a close that lands
     * between the two makes the read throw {@link IllegalStateException}, which counts as refused.
     *
     * @return the int read (the memory is zeroed, so 0), or -1 if the read was refused
     */
    int read(Open open) {
        try {
            Object s = open.segment();
            if (!(boolean) isAlive.invokeExact(s)) {
                return -1;
            }
            return (int) getInt.invokeExact(s, 0L);
        } catch (IllegalStateException closedMeanwhile) {
            return -1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("SharedArenas: unexpected checked exception", t);
    }
}
