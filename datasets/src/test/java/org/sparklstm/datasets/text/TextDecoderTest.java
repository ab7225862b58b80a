package org.sparklstm.datasets.text;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDecoderTest {

    /** The JDK's strict decoder, as the reference: the code points, or null for input it rejects. */
    private static int[] strictJdk(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString().codePoints().toArray();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    @Test
    void decodesUtf8ToCodePointsExactlyAsTheStrictJdkDecoderDoes() {
        java.util.Random random = new java.util.Random(7);
        int[] edges = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFEFF, 0xFFFF, 0x10000, 0x10FFFF};
        int rejected = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int k = random.nextInt(12); k >= 0; k--) {
                int kind = random.nextInt(10);
                if (kind < 6) {
                    int cp = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)]
                            : random.nextInt(Character.MAX_CODE_POINT + 1);
                    if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                        cp = 'x';
                    }
                    out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                } else if (kind < 8) {
                    out.write(random.nextInt(256));
                } else {
                    // overlong forms, encoded surrogates, beyond U+10FFFF, cut sequences
                    byte[][] hostile = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88}};
                    out.writeBytes(hostile[random.nextInt(hostile.length)]);
                }
            }
            byte[] bytes = out.toByteArray();
            int[] expected = strictJdk(bytes);
            rejected += expected == null ? 1 : 0;
            assertArrayEquals(expected, TextDecoder.codePointsOfUtf8(bytes, 0, bytes.length),
                    () -> java.util.HexFormat.of().formatHex(bytes));
        }
        assertTrue(rejected > 2_000 && rejected < 18_000, "both valid and invalid inputs were tried: " + rejected);
        byte[] framed = "ab\u00e9c".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(new int[] {'b', 0xE9}, TextDecoder.codePointsOfUtf8(framed, 1, 3), "a range of the array");
    }

    @Test
    void decodesUtf8AndDropsTheByteOrderMark() {
        byte[] text = "Call me Ishmael—".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertEquals("Call me Ishmael—", TextDecoder.decodeUtf8(withBom, "a.txt"));
    }

    @Test
    void codePointsAreThoseOfTheJdkOnRealTextAndOnUnpairedSurrogates() throws Exception {
        String moby;
        try (var in = TextDecoderTest.class.getResourceAsStream("/corpora/mobydick.txt")) {
            moby = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String text : new String[] {moby, "", "a\uD83D\uDC33b", "\uD83Dx", "x\uDC33", "end\uD83D",
            "\u4E2D\u6587"}) {
            assertArrayEquals(text.codePoints().toArray(), TextDecoder.codePoints(text));
        }
    }

    @Test
    void invalidUtf8NamesTheFileAndTheOffset() {
        byte[] bytes = {'a', 'b', (byte) 0xC3, '(', 'c'};
        CorpusException e = assertThrows(CorpusException.class, () -> TextDecoder.decodeUtf8(bytes, "/data/latin1.txt"));
        assertEquals("/data/latin1.txt", e.source());
        assertTrue(e.getMessage().contains("/data/latin1.txt") && e.getMessage().contains("offset 2"),
                e.getMessage());
    }

    @Test
    void truncatedSequenceAtTheEndIsRefused() {
        byte[] bytes = {'a', (byte) 0xE2, (byte) 0x80};
        assertThrows(CorpusException.class, () -> TextDecoder.decodeUtf8(bytes, "cut.txt"));
    }

    @Test
    void binaryFilesAreRefused() {
        byte[] bytes = {'M', 'Z', 0, 1, 2};
        CorpusException e = assertThrows(CorpusException.class, () -> TextDecoder.decodeUtf8(bytes, "tool.exe"));
        assertTrue(e.getMessage().contains("binary"), e.getMessage());
    }

    @Test
    void replacePolicyRepairsEachMalformedSequenceAndCountsIt() {
        byte[] bytes = {'C', 'a', 'f', (byte) 0xE9, ' ', 'o', 'k', (byte) 0xFF, '!'};
        TextDecoder.Decoded d = TextDecoder.decodeUtf8(bytes, "cafe.txt", BadInputPolicy.REPLACE);
        assertEquals("Caf\uFFFD ok\uFFFD!", d.text());
        assertEquals(2, d.replaced());
        assertThrows(CorpusException.class, () -> TextDecoder.decodeUtf8(bytes, "cafe.txt", BadInputPolicy.SKIP));
    }
}
