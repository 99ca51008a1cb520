package org.devres4j.sim.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringsTest {

    @Test
    void escapesQuoteBackslashControlsAndLineSeparators() {
        assertThat(JsonStrings.quote("a\"b\\c\nd\re\tf\bg\fh\u0001i\u2028j\u2029k"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0001i\\u2028j\\u2029k\"");
    }

    @Test
    void nullIsTheJsonNullAndPlainTextIsOnlyQuoted() {
        assertThat(JsonStrings.quote(null)).isEqualTo("null");
        assertThat(JsonStrings.quote("veth0 é")).isEqualTo("\"veth0 é\"");
    }

    @Test
    void appendAddsTheLiteralAfterWhatIsThere() {
        StringBuilder sb = new StringBuilder("x=");
        JsonStrings.append(sb, "q\"");
        assertThat(sb).hasToString("x=\"q\\\"\"");
    }
}
