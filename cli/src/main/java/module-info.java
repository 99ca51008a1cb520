/**
 * devres4j cli: the command line ({@code devres4j demo}, {@code devres4j version}).
 *
 * <p>Lifetime: every command builds its own owners and releases them before it returns. Order and
 * concurrency: commands run one at a time on the calling thread (the demo starts and joins its own
 * threads). Exports nothing: the command line is an application, not an API.
 */
module org.devres4j.cli {
    requires org.devres4j.core;
    requires info.picocli;

    opens org.devres4j.cli to info.picocli;
}
