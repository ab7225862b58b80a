package org.sparklstm.datasets.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadInputPolicy;

/**
 * Turns the bytes of one corpus file into text, refusing what is not text.
 *
 * <p>A file holding NUL bytes in its first 8 KiB is binary and always refused. A byte sequence that is not
 * valid UTF-8 is refused with its byte offset ({@link BadInputPolicy#FAIL} and {@link BadInputPolicy#SKIP}) or
 * replaced by U+FFFD and counted ({@link BadInputPolicy#REPLACE}). Refusals are {@link CorpusException}s that
 * name the file, so a bad file never silently becomes training data.
 */
public final class TextDecoder {
    private static final int BINARY_SNIFF_BYTES = 8192;

    /**
     * Decoded text and how many malformed sequences were replaced in it.
     *
     * @param text the text
     * @param replaced malformed byte sequences replaced by U+FFFD
     */
    public record Decoded(String text, long replaced) {
    }

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
        return decodeUtf8(bytes, source, BadInputPolicy.FAIL).text();
    }

    /**
     * Decodes {@code bytes} as UTF-8 under a policy. A leading byte-order mark is dropped.
     *
     * @param bytes the whole file
     * @param source the file's name or URI, used in error messages
     * @param policy what to do with malformed sequences
     * @return the text and the number of replaced sequences
     * @throws CorpusException if the file is binary, or not valid UTF-8 and the policy is not REPLACE
     */
    public static Decoded decodeUtf8(byte[] bytes, String source, BadInputPolicy policy) {
        int nul = binaryOffset(bytes);
        if (nul >= 0) {
            throw new CorpusException(source, "binary file (NUL byte at offset " + nul + "), not text");
        }
        int start = hasUtf8Bom(bytes) ? 3 : 0;
        return decodeUtf8(bytes, start, bytes.length - start, source, policy);
    }

    /**
     * Decodes a range of bytes (a row, say) as UTF-8 under a policy, with no check for binary content.
     *
     * @param bytes the bytes
     * @param offset where the range starts
     * @param length its length
     * @param source the file's name or URI, used in error messages
     * @param policy what to do with malformed sequences
     * @return the text and the number of replaced sequences
     * @throws CorpusException naming the offset in the range if it is not valid UTF-8 and the policy is not REPLACE
     */
    public static Decoded decodeUtf8(byte[] bytes, int offset, int length, String source, BadInputPolicy policy) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        long replaced = 0;
        for (CoderResult r = decoder.decode(in, out, true); r.isError(); r = decoder.decode(in, out, true)) {
            if (policy != BadInputPolicy.REPLACE) {
                throw new CorpusException(source, "invalid UTF-8 at byte offset " + in.position() + " ("
                        + r.length() + " malformed byte(s)); convert the file to UTF-8 or use "
                        + "--on-bad-input replace");
            }
            out.put('\uFFFD');
            in.position(in.position() + r.length());
            replaced++;
        }
        decoder.flush(out);
        out.flip();
        return new Decoded(out.toString(), replaced);
    }

    /**
     * Decodes valid UTF-8 straight to code points, in one pass and without a {@link String} between: the fast path
     * for a row's bytes as a table stores them. It accepts exactly what the JDK's strict decoder accepts (no overlong
     * forms, no surrogates, nothing above U+10FFFF) and gives the same code points.
     *
     * @param bytes the bytes
     * @param offset where the range starts
     * @param length its length
     * @return the code points, or null if the range is not valid UTF-8 (decode it with {@link #decodeUtf8(byte[],
     *         int, int, String, BadInputPolicy)} for the policy and the error's offset)
     */
    public static int[] codePointsOfUtf8(byte[] bytes, int offset, int length) {
        int[] out = new int[length];
        int n = 0;
        int end = offset + length;
        for (int i = offset; i < end; n++) {
            int b = bytes[i];
            if (b >= 0) {
                out[n] = b;
                i++;
                continue;
            }
            b &= 0xFF;
            int more;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                more = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                more = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                more = 3;
                min = 0x10000;
            } else {
                return null;
            }
            if (i + more >= end) {
                return null;
            }
            int cp = b & (0x3F >> more);
            for (int k = 1; k <= more; k++) {
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return null;
                }
                cp = cp << 6 | c & 0x3F;
            }
            if (cp < min || cp > Character.MAX_CODE_POINT || cp >= Character.MIN_SURROGATE
                    && cp <= Character.MAX_SURROGATE) {
                return null;
            }
            out[n] = cp;
            i += more + 1;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * @param text any text
     * @return its code points (what {@code text.codePoints().toArray()} gives, without the stream's buffers)
     */
    public static int[] codePoints(String text) {
        int[] out = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); n++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out[n] = Character.toCodePoint(c, text.charAt(i + 1));
                i += 2;
            } else {
                out[n] = c;
                i++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * @param bytes a file's content
     * @return the offset of a NUL byte in its first 8 KiB (the mark of a binary file), or -1
     */
    public static int binaryOffset(byte[] bytes) {
        int sniff = Math.min(bytes.length, BINARY_SNIFF_BYTES);
        for (int i = 0; i < sniff; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param bytes bytes
     * @return whether they start with UTF-8's byte-order mark
     */
    public static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
    }
}
