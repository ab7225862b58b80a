package org.sparklstm.datasets.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.formats.CodecJson;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.datasets.text.BytesFormat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The codecs whose vocabulary does not depend on the corpus: bytes and MIDI performance events. */
class FixedCodecsTest {

    @Test
    void bytesFormatTakesAnyEncodingByteForByte() {
        byte[] latin1 = "Café naïve".getBytes(StandardCharsets.ISO_8859_1);
        ParsedFile parsed = new BytesFormat().parse("latin1.txt", latin1);
        int[] symbols = parsed.documents().get(0).symbols();
        assertEquals(latin1.length, symbols.length);
        assertEquals(0xE9, symbols[3], "é in Latin-1 is one byte, 0xE9");
        ByteCodec codec = new ByteCodec();
        assertEquals(256, codec.vocabularySize());
        assertArrayEquals(latin1, codec.decode(codec.encode(symbols)));
        assertThrows(IllegalArgumentException.class, () -> codec.id(256));
    }

    @Test
    void fixedCodecsRoundTripThroughTheirJsonForm() throws IOException {
        assertEquals(new ByteCodec(), CodecJson.read(CodecJson.write(new ByteCodec())));
        assertEquals(new PerformanceCodec(), CodecJson.read(CodecJson.write(new PerformanceCodec())));
        assertEquals("{\"format_version\":1,\"kind\":\"bytes\"}", CodecJson.write(new ByteCodec()));
    }
}
