package org.devres4j.core;

/**
 * One lifetime event: a resource added, released, dropped, or failing; or, from the front-ends, a
 * bind, an unbind, a probe failure, a put.
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> events of one list are emitted in the order they
 * happen; {@link #order()} is the resource's registration number on its list. <b>Concurrency:</b>
 * immutable.
 *
 * @param verb   a fixed word: {@code ADD}, {@code REL}, {@code DEL}, {@code FAIL}, or a front-end's
 *               own ({@code BIND}, {@code UNBIND}, ...)
 * @param owner  the owner's name
 * @param name   the resource's name (or what the event is about)
 * @param order  the registration number, or 0 where none applies
 * @param detail extra text, or the empty string
 */
public record TraceEvent(String verb, String owner, String name, int order, String detail) {

    /** Verb of an add. */
    public static final String ADD = "ADD";
    /** Verb of a release: the action runs. */
    public static final String REL = "REL";
    /** Verb of a removal: the action is dropped without running. */
    public static final String DEL = "DEL";
    /** Verb of a release action that threw. */
    public static final String FAIL = "FAIL";

    /**
     * Checks the components.
     *
     * @param verb   the verb
     * @param owner  the owner
     * @param name   the name
     * @param order  the order
     * @param detail the detail, null taken as empty
     */
    public TraceEvent {
        java.util.Objects.requireNonNull(verb, "verb");
        java.util.Objects.requireNonNull(owner, "owner");
        java.util.Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
    }

    /** @return the one-line form, e.g. {@code ADD  card0 #3 connector-state} */
    @Override
    public String toString() {
        String head = String.format("%-4s %s", verb, owner);
        String num = order > 0 ? " #" + order : "";
        return head + num + " " + name + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
