package org.devres4j.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The architecture rules of devres4j (issue 9 item 7), one definition each, checked against the main code of
 * every module by {@link ArchitectureTest} and against planted violations by {@link RulesCanFailTest}.
 *
 * <p><b>Lifetime / order / concurrency:</b> stateless factories; each call builds a fresh rule.
 */
final class Rules {
    /** The kernel layer's packages (the kernel module). */
    static final String[] KERNEL = {"org.devres4j.driver..", "org.devres4j.drm..", "org.devres4j.hw..",
        "org.devres4j.uapi..", "org.devres4j.drivers..", "org.devres4j.kernel.."};

    private Rules() {
    }

    /** Layering core ← kernel ← sim ← cli: no upward dependency. */
    static ArchRule layering() {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("core").definedBy("org.devres4j.core..")
                .layer("kernel").definedBy(KERNEL)
                .layer("sim").definedBy("org.devres4j.sim..")
                .layer("cli").definedBy("org.devres4j.cli..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("sim").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("kernel").mayOnlyBeAccessedByLayers("sim", "cli")
                .because("dependencies point downwards only: core <- kernel <- sim <- cli (DESIGN.md, Layers)");
    }

    /** No ThreadLocal in the given packages' main code. */
    static ArchRule noThreadLocal(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().areAssignableTo(ThreadLocal.class)
                .because("no ThreadLocal above core: what a bus, a world or a device needs is handed to it (DESIGN.md)");
    }

    /** No static mutable field in the given packages' main code. */
    static ArchRule noStaticMutableState(String... packages) {
        return noClasses().that().resideInAnyPackage(packages).should(HAVE_STATIC_MUTABLE_FIELD)
                .because("two worlds in one JVM share nothing: no static mutable state above core (DESIGN.md)");
    }

    /** No cycles between the packages under org.devres4j. */
    static ArchRule noPackageCycles() {
        return slices().matching("org.devres4j.(**)").should().beFreeOfCycles()
                .because("each package is one concept, and concepts depend one way (DESIGN.md)");
    }

    private static final Class<?>[] MUTABLE = {Collection.class, Map.class, AtomicInteger.class, AtomicLong.class,
        AtomicBoolean.class, AtomicReference.class, AtomicIntegerArray.class, AtomicLongArray.class,
        AtomicReferenceArray.class, LongAdder.class, ThreadLocal.class, StringBuilder.class};

    /** Whether a field is static state a caller could change: not final, or final of a mutable type. */
    static final DescribedPredicate<JavaField> STATIC_MUTABLE = DescribedPredicate.describe(
            "static and (not final, or of a mutable type: array, collection, map, atomic, ThreadLocal, StringBuilder)",
            f -> {
                if (!f.getModifiers().contains(JavaModifier.STATIC) || f.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                    return false;
                }
                if (!f.getModifiers().contains(JavaModifier.FINAL)) {
                    return true;
                }
                JavaClass t = f.getRawType();
                if (t.isArray()) {
                    return true;
                }
                for (Class<?> m : MUTABLE) {
                    if (t.isAssignableTo(m)) {
                        return true;
                    }
                }
                return false;
            });

    private static final ArchCondition<JavaClass> HAVE_STATIC_MUTABLE_FIELD =
            new ArchCondition<>("have a static mutable field") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    for (JavaField f : c.getFields()) {
                        if (STATIC_MUTABLE.test(f)) {
                            events.add(SimpleConditionEvent.satisfied(f, "static mutable field " + f.getFullName()
                                    + " of type " + f.getRawType().getName()));
                        }
                    }
                }
            };
}
