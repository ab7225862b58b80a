package org.sparklstm.datasets.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.sparklstm.datasets.CorpusException;

/**
 * Turns the bytes of one corpus file into text, refusing what is not UTF-8 text.
 *
 * <p>A file holding NUL bytes in its first 8 KiB is taken as binary; a byte sequence that is not
 * valid UTF-8 is reported with its byte offset. Either way a {@link CorpusException} names the
 * file, so a bad file never silently becomes training data.
 */
public final class TextDecoder {
    private static final int BINARY_SNIFF_BYTES = 8192;

    private TextDecoder() {
    }

    /**
     * Decodes {@code bytes} as strict UTF-8. A leading byte-order mark is dropped.
     *
     * @param bytes the whole file
     * @param source the file's name or URI, used in error messages
     * @return the decoded text
     * @throws CorpusException if the file is binary or not valid UTF-8
     */
    public static String decodeUtf8(byte[] bytes, String source) {
        int sniff = Math.min(bytes.length, BINARY_SNIFF_BYTES);
        for (int i = 0; i < sniff; i++) {
            if (bytes[i] == 0) {
                throw new CorpusException(source, "binary file (NUL byte at offset " + i + "), not text");
            }
        }
        int start = hasUtf8Bom(bytes) ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new CorpusException(source, "invalid UTF-8 at byte offset " + in.position()
                    + " (" + result.length() + " malformed byte(s)); convert the file to UTF-8");
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new CorpusException(source, "invalid UTF-8: truncated sequence at the end of the file");
        }
        out.flip();
        return out.toString();
    }

    private static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
    }

}
