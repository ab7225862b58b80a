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
