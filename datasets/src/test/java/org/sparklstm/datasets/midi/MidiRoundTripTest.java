package org.sparklstm.datasets.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sound.midi.MidiSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real MIDI file in the repository survives encode, decode to a MIDI file, and encode again: the same
 * events, the same notes on the 10 ms grid, the same duration.
 */
class MidiRoundTripTest {
    private final PerformanceCodec codec = new PerformanceCodec();

    static Stream<Path> files() {
        return MidiFixtures.all().stream();
    }

    @ParameterizedTest
    @MethodSource("files")
    void encodeDecodeEncodeGivesTheSameEvents(Path file) throws Exception {
        List<Note> original = MidiReader.read(Files.readAllBytes(file), file.toString(), MidiOptions.DEFAULT);
        int[] events = codec.encode(original);
        byte[] written = MidiWriter.write(codec.decode(events));
        MidiSystem.getSequence(new ByteArrayInputStream(written)); // a standard reader accepts it
        List<Note> reread = MidiReader.read(written, "decoded " + file, MidiOptions.DEFAULT);

        assertArrayEquals(events, codec.encode(reread), "events after a round trip of " + file);
        assertEquals(distinctOnGrid(original), reread.size(), "notes on the 10 ms grid in " + file);
        long originalEnd = original.stream().mapToLong(Note::endMicros).max().orElseThrow();
        long decodedEnd = reread.stream().mapToLong(Note::endMicros).max().orElseThrow();
        assertTrue(Math.abs(originalEnd - decodedEnd) <= PerformanceCodec.STEP_MICROS,
                file + ": duration " + originalEnd + " us became " + decodedEnd + " us");
    }

    /** Notes as the grid can hold them: one per pitch and 10 ms start step. */
    private static int distinctOnGrid(List<Note> notes) {
        Set<Long> keys = new HashSet<>();
        for (Note n : notes) {
            keys.add(Math.round((double) n.startMicros() / PerformanceCodec.STEP_MICROS) * 128 + n.pitch());
        }
        return keys.size();
    }
}
