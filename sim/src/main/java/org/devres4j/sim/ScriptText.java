package org.devres4j.sim;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a script file as text: UTF-8 without a byte order mark. A BOM or a byte sequence that
 * is not UTF-8 is refused with its line and column and what to do about it.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> the first bad byte is reported. <b>Concurrency:</b>
 * thread-safe.
 */
final class ScriptText {

    private ScriptText() {
    }

    /**
     * @param bytes  the file's content
     * @param source the file name, for messages
     * @return the text
     * @throws ScenarioSyntaxException if it starts with a byte order mark or is not UTF-8
     */
    static String decode(byte[] bytes, String source) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            throw ScenarioScript.err(source, 1, 1, "the file starts with a UTF-8 byte order mark (BOM): save the "
                    + "script as UTF-8 without a BOM");
        }
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            throw ScenarioScript.err(source, 1, 1, "the file is UTF-16 (it starts with a UTF-16 byte order mark): "
                    + "save the script as UTF-8");
        }
        // validate through a small buffer, then let String keep the text compactly (a byte per ASCII character)
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                throw notUtf8(bytes, in.position(), source);
            }
            out.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        if (d.flush(out).isError()) {
            throw notUtf8(bytes, in.position(), source);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ScenarioSyntaxException notUtf8(byte[] bytes, int position, String source) {
        int at = Math.min(position, bytes.length - 1);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column;
        try {
            column = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, lineStart, at - lineStart))
                    .length() + 1;
        } catch (CharacterCodingException e) {
            column = at - lineStart + 1;
        }
        return ScenarioScript.err(source, line, column, String.format("not UTF-8 text: byte 0x%02x (at byte offset %d) "
                + "is not part of a UTF-8 character: save the script as UTF-8", bytes[at] & 0xFF, at));
    }
}
