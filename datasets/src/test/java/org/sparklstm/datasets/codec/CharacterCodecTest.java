package org.sparklstm.datasets.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.formats.CodecJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CharacterCodecTest {

    static String mobyDick() throws IOException {
        try (InputStream in = CharacterCodecTest.class.getResourceAsStream("/corpora/mobydick.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<Integer, Long> count(String text) {
        Map<Integer, Long> counts = new HashMap<>();
        text.codePoints().forEach(cp -> counts.merge(cp, 1L, Long::sum));
        return counts;
    }

    @Test
    void vocabularyOfMobyDickMatchesAnIndependentCountAndRoundTrips() throws IOException {
        String text = mobyDick();
        CharacterCodec codec = CharacterCodec.fromCounts(count(text), 10_000);
        long distinct = text.codePoints().distinct().count();
        assertEquals(distinct + 1, codec.vocabularySize(), "every distinct character plus the unknown symbol");
        assertEquals(' ', codec.codePoint(1), "the most frequent character of English prose is the space");
        assertEquals(text, codec.decode(codec.encode(text)));
    }

    @Test
    void capKeepsTheMostFrequentAndMapsTheRestToUnknown() {
        CharacterCodec codec = CharacterCodec.fromCounts(count("aaaabbbcc d"), 3);
        assertEquals(3, codec.vocabularySize());
        assertArrayEquals(new int[] {'a', 'b'}, codec.codePoints());
        assertArrayEquals(new int[] {1, 2, 0, 0}, codec.encode("abcd"));
        assertEquals("ab\uFFFD", codec.decode(new int[] {1, 2, 0}));
    }

    @Test
    void surrogatePairsAreOneToken() {
        String text = "a\uD83D\uDC33b";   // a, U+1F433 (spouting whale), b
        CharacterCodec codec = CharacterCodec.fromCounts(count(text), 100);
        assertEquals(3, codec.encode(text).length);
        assertEquals(text, codec.decode(codec.encode(text)));
    }

    @Test
    void everyCodePointGetsItsVocabularyIdInsideAndOutsideTheLookupTableAndAfterSerialisation() throws Exception {
        String text = "aab\u4E2D\u4E2D\u4E2D\uD83D\uDC33";   // a, b, U+4E2D (middle), U+1F433 (spouting whale)
        CharacterCodec codec = CharacterCodec.fromCounts(count(text), 100);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(codec);
        }
        CharacterCodec copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (CharacterCodec) in.readObject();
        }
        for (CharacterCodec c : new CharacterCodec[] {codec, copy}) {
            for (int id = 1; id < c.vocabularySize(); id++) {
                assertEquals(id, c.id(c.codePoint(id)));
            }
            for (int outside : new int[] {'c', 0, 0x4E2E, 0xFFFF, 0x10000, 0x1F434, 0x10FFFF, -1}) {
                assertEquals(0, c.id(outside), "U+" + Integer.toHexString(outside));
            }
        }
    }

    @Test
    void jsonFormRoundTripsAndRefusesOtherVersions() throws IOException {
        CharacterCodec codec = CharacterCodec.fromCounts(count("hello, world \uD83D\uDC33"), 100);
        assertEquals(codec, CodecJson.read(CodecJson.write(codec)));
        assertThrows(IOException.class,
                () -> CodecJson.read("{\"format_version\":99,\"kind\":\"characters\",\"code_points\":[]}"));
        assertThrows(IOException.class, () -> CodecJson.read("{\"format_version\":1,\"kind\":\"midi\"}"));
    }
}
