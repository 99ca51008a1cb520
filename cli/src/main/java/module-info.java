/**
 * devres4j cli: the command line ({@code devres4j demo | list | run | trace | fuzz | version}).
 *
 * <p>Lifetime: every command builds its own owners, worlds and buses and releases them before it
 * returns. Order and concurrency: commands run one at a time on the calling thread. Exports nothing:
 * the command line is an application, not an API.
 */
module org.devres4j.cli {
    requires org.devres4j.sim;
    requires org.devres4j.linux;
    requires info.picocli;
    requires java.logging;

    opens org.devres4j.cli to info.picocli;
}
