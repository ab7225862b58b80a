package org.sparklstm.datasets.midi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Writes a performance as a Standard MIDI File (type 1, one track, acoustic grand piano on channel 1) with a
 * 1 ms tick: 500 ticks per quarter note at 120 beats per minute.
 */
public final class MidiWriter {
    private static final int TICKS_PER_QUARTER = 500;
    private static final int MICROS_PER_QUARTER = 500_000;
    private static final long MICROS_PER_TICK = MICROS_PER_QUARTER / TICKS_PER_QUARTER;

    private MidiWriter() {
    }

    /**
     * @param notes a performance
     * @return it as a sequence
     */
    public static Sequence toSequence(List<Note> notes) {
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, TICKS_PER_QUARTER);
            Track track = sequence.createTrack();
            byte[] tempo = {(byte) (MICROS_PER_QUARTER >> 16), (byte) (MICROS_PER_QUARTER >> 8),
                    (byte) MICROS_PER_QUARTER};
            track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), 0));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 0));
            for (Note n : notes) {
                track.add(event(ShortMessage.NOTE_ON, n.pitch(), n.velocity(), n.startMicros()));
                track.add(event(ShortMessage.NOTE_OFF, n.pitch(), 0, n.endMicros()));
            }
            return sequence;
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("cannot write notes as MIDI: " + e.getMessage(), e);
        }
    }

    private static MidiEvent event(int command, int pitch, int velocity, long micros)
            throws InvalidMidiDataException {
        MidiMessage m = new ShortMessage(command, 0, pitch, velocity);
        return new MidiEvent(m, micros / MICROS_PER_TICK);
    }

    /**
     * @param notes a performance
     * @return the bytes of its Standard MIDI File
     */
    public static byte[] write(List<Note> notes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MidiSystem.write(toSequence(notes), 1, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
