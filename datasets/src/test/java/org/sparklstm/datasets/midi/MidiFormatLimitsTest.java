package org.sparklstm.datasets.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.BadInputPolicy;

/** A 44-byte MIDI file asking for years of time shifts is refused before it is encoded, under every policy. */
class MidiFormatLimitsTest {
    private static final Path HOSTILE = Path.of("src/test/resources/hostile/years-of-silence.mid");

    @Test
    void aFileThatWouldGiveBillionsOfEventsIsSkippedWithItsReason() throws Exception {
        byte[] bytes = Files.readAllBytes(HOSTILE);
        assertEquals(44, bytes.length);
        ParsedFile parsed = new MidiFormat(BadInputPolicy.SKIP, MidiOptions.DEFAULT).parse("bomb.mid", bytes);
        assertTrue(parsed.documents().isEmpty());
        assertTrue(parsed.skipReason().contains("max-file-tokens"), parsed.skipReason());
        assertTrue(PerformanceCodec.leastEvents(MidiReader.read(bytes, "bomb.mid", MidiOptions.DEFAULT))
                > 1_000_000_000L, "the file really asks for billions of time shifts");
        CorpusException e = assertThrows(CorpusException.class,
                () -> new MidiFormat(BadInputPolicy.FAIL, MidiOptions.DEFAULT).parse("bomb.mid", bytes));
        assertTrue(e.getMessage().startsWith("bomb.mid: "), e.getMessage());
    }

    @Test
    void theLimitIsTheOptionsAndARealFileUnderItIsRead() throws Exception {
        Path real = MidiFixtures.all().get(0);
        byte[] bytes = Files.readAllBytes(real);
        ParsedFile read = new MidiFormat(BadInputPolicy.SKIP, MidiOptions.DEFAULT).parse("real.mid", bytes);
        assertNull(read.skipReason());
        int events = read.documents().get(0).symbols().length;
        long least = PerformanceCodec.leastEvents(MidiReader.read(bytes, "real.mid", MidiOptions.DEFAULT));
        assertTrue(least <= events, least + " is a lower bound on " + events);
        ParsedFile capped = new MidiFormat(BadInputPolicy.SKIP, new MidiOptions(false, true, (int) least - 1))
                .parse("real.mid", bytes);
        assertTrue(capped.skipReason() != null && capped.skipReason().contains("max-file-tokens"),
                String.valueOf(capped.skipReason()));
    }
}
