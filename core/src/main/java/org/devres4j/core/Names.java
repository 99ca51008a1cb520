package org.devres4j.core;

/** Derives readable names for unnamed actions. */
final class Names {
    private Names() {
    }

    static String of(Object action) {
        if (action instanceof NamedRelease<?> n) {
            return n.name();
        }
        String cls = action.getClass().getName();
        int lambda = cls.indexOf("$$Lambda");
        if (lambda >= 0) {
            String declaring = cls.substring(0, lambda);
            return "lambda@" + declaring.substring(declaring.lastIndexOf('.') + 1);
        }
        return cls.substring(cls.lastIndexOf('.') + 1);
    }
}
