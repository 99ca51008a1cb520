/** The simulator and the sanitizer around the kernel model. */
module org.devres4j.sim {
    requires transitive org.devres4j.kernel;

    exports org.devres4j.sim;
}
