package org.sparklstm.datasets.midi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceCodecTest {
    private final PerformanceCodec codec = new PerformanceCodec();

    @Test
    void hasTheEventsOfPerformanceRnn() {
        assertEquals(388, codec.vocabularySize());
        assertEquals("NOTE_ON(60)", PerformanceCodec.describe(60));
        assertEquals("NOTE_OFF(60)", PerformanceCodec.describe(128 + 60));
        assertEquals("TIME_SHIFT(1000ms)", PerformanceCodec.describe(355));
        assertEquals("VELOCITY(32)", PerformanceCodec.describe(387));
    }

    @Test
    void encodesShiftsVelocityAndNotesInOrder() {
        // C4 at 0-1.5 s (velocity 100, bin 25), E4 at 1.5-1.505 s (velocity 20, bin 5; shorter than a step)
        int[] ids = codec.encode(List.of(new Note(60, 100, 0, 1_500_000), new Note(64, 20, 1_500_000, 1_505_000)));
        int[] expected = {356 + 24, 60, 355, 256 + 49, 128 + 60, 356 + 4, 64, 256, 128 + 64};
        assertArrayEquals(expected, ids);
        assertEquals(List.of(new Note(60, 97, 0, 1_500_000), new Note(64, 17, 1_500_000, 1_510_000)),
                codec.decode(ids));
    }

    @Test
    void velocityBinsRoundTrip() {
        for (int v = 1; v <= 127; v++) {
            int bin = PerformanceCodec.velocityBin(v);
            assertTrue(bin >= 1 && bin <= 32);
            assertEquals(bin, PerformanceCodec.velocityBin(PerformanceCodec.binVelocity(bin)));
        }
    }

    @Test
    void sameNoteStruckAgainEndsTheFirstAndSoundsAsLong() {
        int[] ids = codec.encode(List.of(new Note(60, 64, 0, 500_000), new Note(60, 64, 200_000, 300_000)));
        assertEquals(List.of(new Note(60, 61, 0, 200_000), new Note(60, 61, 200_000, 500_000)), codec.decode(ids));
    }

    @Test
    void transpositionShiftsPitchesAndRefusesToLeaveTheKeyboard() {
        int[] ids = {356, 60, 300, 128 + 60, 125, 256, 128 + 125};
        assertArrayEquals(new int[] {356, 62, 300, 128 + 62, 127, 256, 128 + 127},
                PerformanceAugmenter.transpose(ids, 2));
        assertNull(PerformanceAugmenter.transpose(ids, 3));
    }

    @Test
    void stretchScalesTimeWithoutDrift() {
        int[] ids = {60, 256 + 99, 256 + 9, 128 + 60};            // 1.1 s between on and off
        assertArrayEquals(new int[] {60, 355, 256 + 20, 128 + 60}, PerformanceAugmenter.stretch(ids, 1.1, 10));
        assertArrayEquals(new int[] {60, 355}, PerformanceAugmenter.stretch(ids, 1.1, 2));
        List<Note> slower = codec.decode(PerformanceAugmenter.stretch(codec.encode(
                List.of(new Note(60, 64, 0, 330_000), new Note(62, 64, 330_000, 990_000))), 1.5, 100));
        assertEquals(List.of(new Note(60, 61, 0, 500_000), new Note(62, 61, 500_000, 1_490_000)), slower);
    }
}
