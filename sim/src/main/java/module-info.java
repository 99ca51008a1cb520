/**
 * The simulator and the sanitizer around the kernel model.
 *
 * <p>Lifetime: every run builds its own world and tears it down; results are values. Order: a seed
 * fixes every choice, so a run replays exactly. Concurrency: a run happens on the calling thread;
 * separate runs may go on separate threads. Exports only the API the command line and the
 * benchmarks use ({@code org.devres4j.sim}); its implementation types are package-private. The JSON
 * string escaping ({@code org.devres4j.sim.json}) is shared with the command line only.
 */
module org.devres4j.sim {
    requires transitive org.devres4j.kernel;
    requires jdk.jfr;
    requires java.management;
    requires jdk.management;

    exports org.devres4j.sim;
    exports org.devres4j.sim.json to org.devres4j.cli;
}
