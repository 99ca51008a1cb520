package org.devres4j.core;

/** A plain action named by the action itself: the 24-byte case. */
class ActionNode extends Node {
    final Release<Object> action;

    ActionNode(Release<Object> action) {
        this.action = action;
    }

    @Override
    public String name() {
        return action.name();
    }

    @Override
    String kind() {
        return "action";
    }

    @Override
    void run(Object owner, String reason) throws Exception {
        action.release(owner);
    }

    /** The plain action added while someone listens (or in debug mode): it carries its number. */
    static final class Numbered extends ActionNode {
        private int seq;

        Numbered(Release<Object> action) {
            super(action);
        }

        @Override
        int order() {
            return seq;
        }

        @Override
        void number(int seq) {
            this.seq = seq;
        }
    }
}
