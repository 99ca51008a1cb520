package org.devres4j.sim.json;

/**
 * JSON string literals, the one escaping the simulator's results and the command line's own JSON lines
 * ({@code watch}) share: quote, backslash and the control characters escaped, and U+2028/U+2029 too, so a
 * line stays one line in any reader. Exported only to the command line.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> characters keep their order. <b>Concurrency:</b> thread-safe.
 */
public final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * @param s a string, or null
     * @return it as a JSON string literal, or {@code null} for null
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2);
        append(sb, s);
        return sb.toString();
    }

    /**
     * Appends a string as a JSON string literal.
     *
     * @param sb where to append
     * @param s  the string, not null
     */
    public static void append(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
