package org.sparklstm.datasets.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.CorpusException;

class MidiReaderTest {

    /** A type 1 file, 480 ticks per quarter: tempo 120 bpm, then 60 bpm from tick 960 (in another track). */
    private static byte[] tempoChangeFile() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 480);
        Track conductor = s.createTrack();
        conductor.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0));
        conductor.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x0F, 0x42, 0x40}, 3), 960));
        Track piano = s.createTrack();
        piano.add(note(ShortMessage.NOTE_ON, 0, 60, 100, 0));
        piano.add(note(ShortMessage.NOTE_OFF, 0, 60, 0, 480));     // 0.5 s at 120 bpm
        piano.add(note(ShortMessage.NOTE_ON, 0, 64, 80, 960));     // starts at 1.0 s
        piano.add(note(ShortMessage.NOTE_ON, 0, 64, 0, 1440));     // velocity 0 ends it: 480 ticks at 60 bpm = 1 s
        piano.add(note(ShortMessage.NOTE_ON, 9, 36, 90, 0));       // a drum
        piano.add(note(ShortMessage.NOTE_OFF, 9, 36, 0, 240));
        return bytes(s);
    }

    private static MidiEvent note(int command, int channel, int pitch, int velocity, long tick) throws Exception {
        return new MidiEvent(new ShortMessage(command, channel, pitch, velocity), tick);
    }

    private static byte[] bytes(Sequence s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(s, 1, out);
        return out.toByteArray();
    }

    @Test
    void tempoChangesAcrossTracksGiveRealTime() throws Exception {
        List<Note> notes = MidiReader.read(tempoChangeFile(), "t.mid", MidiOptions.DEFAULT);
        assertEquals(List.of(new Note(60, 100, 0, 500_000), new Note(64, 80, 1_000_000, 2_000_000)), notes);
    }

    @Test
    void drumsAreDroppedOrKeptByOption() throws Exception {
        List<Note> kept = MidiReader.read(tempoChangeFile(), "t.mid", new MidiOptions(true, true));
        assertEquals(3, kept.size());
        assertTrue(kept.contains(new Note(36, 90, 0, 250_000)));
    }

    @Test
    void sustainPedalLengthensNotesUntilReleasedOrIgnored() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 500); // 1 tick = 1 ms at the default 120 bpm
        Track t = s.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 64, 127), 0));
        t.add(note(ShortMessage.NOTE_ON, 0, 60, 100, 0));
        t.add(note(ShortMessage.NOTE_OFF, 0, 60, 0, 100));
        t.add(note(ShortMessage.NOTE_ON, 0, 62, 100, 200));
        t.add(note(ShortMessage.NOTE_OFF, 0, 62, 0, 300));
        t.add(note(ShortMessage.NOTE_ON, 0, 60, 100, 400));     // re-struck while sustained: ends the first
        t.add(note(ShortMessage.NOTE_OFF, 0, 60, 0, 500));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 64, 0), 1000));
        byte[] file = bytes(s);

        assertEquals(List.of(new Note(60, 100, 0, 400_000), new Note(62, 100, 200_000, 1_000_000),
                new Note(60, 100, 400_000, 1_000_000)), MidiReader.read(file, "p.mid", MidiOptions.DEFAULT));
        assertEquals(List.of(new Note(60, 100, 0, 100_000), new Note(62, 100, 200_000, 300_000),
                new Note(60, 100, 400_000, 500_000)), MidiReader.read(file, "p.mid", new MidiOptions(false, false)));
    }

    @Test
    void everyRealFileCutShortIsRefusedWithItsName() throws Exception {
        for (Path file : MidiFixtures.all()) {
            byte[] whole = Files.readAllBytes(file);
            for (int length : new int[] {10, whole.length / 4, whole.length / 2, whole.length - 1}) {
                byte[] cut = Arrays.copyOf(whole, length);
                CorpusException e = assertThrows(CorpusException.class,
                        () -> MidiReader.read(cut, "cut.mid", MidiOptions.DEFAULT), file + " cut to " + length);
                assertTrue(e.getMessage().startsWith("cut.mid: "), e.getMessage());
            }
        }
    }

    @Test
    void textIsNotMidi() {
        CorpusException e = assertThrows(CorpusException.class, () -> MidiReader.read(
                "Call me Ishmael.".getBytes(StandardCharsets.UTF_8), "moby.txt", MidiOptions.DEFAULT));
        assertTrue(e.problem().startsWith("not a valid MIDI file"), e.getMessage());
    }

    @Test
    void fileWithoutNotesIsRefused() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 480);
        s.createTrack().add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0));
        CorpusException e = assertThrows(CorpusException.class,
                () -> MidiReader.read(bytes(s), "empty.mid", MidiOptions.DEFAULT));
        assertTrue(e.problem().contains("no notes"), e.getMessage());
    }
}
