package org.devres4j.arch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.devres4j.cli.planted.a.A;
import org.devres4j.cli.planted.b.B;
import org.devres4j.core.planted.CoreUsesTheKernel;
import org.devres4j.drm.planted.HiddenChannel;
import org.devres4j.drm.planted.NonFinalStatic;
import org.devres4j.drm.planted.StaticCache;
import org.devres4j.driver.Bus;
import org.junit.jupiter.api.Test;

/** Each architecture rule, run against a planted violation compiled in this test tree, fails and names it. */
class RulesCanFailTest {

    private static JavaClasses planted(Class<?>... classes) {
        return new ClassFileImporter().importClasses(classes);
    }

    @Test
    void theLayeringRuleFailsOnACoreClassThatUsesTheKernel() {
        assertThatThrownBy(() -> Rules.layering().check(planted(CoreUsesTheKernel.class, Bus.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("CoreUsesTheKernel").hasMessageContaining("org.devres4j.driver.Bus");
    }

    @Test
    void theThreadLocalRuleFailsOnAThreadLocalInTheKernel() {
        assertThatThrownBy(() -> Rules.noThreadLocal(Rules.KERNEL).check(planted(HiddenChannel.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("HiddenChannel").hasMessageContaining("ThreadLocal");
    }

    @Test
    void theStaticStateRuleFailsOnAStaticCollectionAndOnANonFinalStatic() {
        assertThatThrownBy(() -> Rules.noStaticMutableState(Rules.KERNEL).check(planted(StaticCache.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("static mutable field org.devres4j.drm.planted.StaticCache.SEEN");
        assertThatThrownBy(() -> Rules.noStaticMutableState(Rules.KERNEL).check(planted(NonFinalStatic.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("static mutable field org.devres4j.drm.planted.NonFinalStatic.counter");
    }

    @Test
    void theCycleRuleFailsOnTwoPackagesThatUseEachOther() {
        assertThatThrownBy(() -> Rules.noPackageCycles().check(planted(A.class, B.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected").hasMessageContaining("cli.planted.a").hasMessageContaining("cli.planted.b");
    }
}
