package org.devres4j.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The architecture rules over the main code of core, kernel, sim and cli (test code and planted classes excluded). */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.devres4j");
    }

    @Test
    void layersDependDownwardsOnly() {
        Rules.layering().check(main);
    }

    @Test
    void noThreadLocalInTheKernel() {
        Rules.noThreadLocal(Rules.KERNEL).check(main);
    }

    @Test
    void noStaticMutableStateInTheKernel() {
        Rules.noStaticMutableState(Rules.KERNEL).check(main);
    }

    @Test
    @Disabled("enabled at merge with the sim redesign: the simulator and the command line still hold static state")
    void noThreadLocalInSimAndCli() {
        Rules.noThreadLocal("org.devres4j.sim..", "org.devres4j.cli..").check(main);
    }

    @Test
    @Disabled("enabled at merge with the sim redesign: the simulator and the command line still hold static state")
    void noStaticMutableStateInSimAndCli() {
        Rules.noStaticMutableState("org.devres4j.sim..", "org.devres4j.cli..").check(main);
    }

    @Test
    void noCyclesBetweenPackages() {
        Rules.noPackageCycles().check(main);
    }
}
