package org.devres4j.core;

/** The section a shut gate hands out: not entered, and closing it does nothing. Stateless, shared. */
final class RefusedSection implements Gate.Section {

    static final Gate.Section INSTANCE = new RefusedSection();

    private RefusedSection() {
    }

    @Override
    public boolean entered() {
        return false;
    }

    @Override
    public void close() {
    }
}
