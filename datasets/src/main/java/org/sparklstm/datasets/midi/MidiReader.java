package org.sparklstm.datasets.midi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.sparklstm.datasets.CorpusException;

/**
 * Reads a Standard MIDI File (type 0 or 1) into one performance: the notes of all tracks and channels merged,
 * timed in real time (tempo changes honoured), drums and sustain pedal handled as {@link MidiOptions} say.
 * Its work is linear in the file's events (apart from sorting them): tempo lookups are binary searches and
 * sustained notes are held per channel and pitch.
 */
public final class MidiReader {
    private static final int DRUM_CHANNEL = 9;
    private static final int SUSTAIN_CONTROLLER = 64;
    private static final int TEMPO_META = 0x51;
    private static final long DEFAULT_TEMPO_MICROS = 500_000;
    private static final int MTHD = 0x4D546864;
    private static final int MTRK = 0x4D54726B;

    private MidiReader() {
    }

    /**
     * @param bytes the file's content
     * @param source the file's name, for error messages
     * @param options drums and sustain handling
     * @return its notes, ordered by start time then pitch
     * @throws CorpusException if the file is not MIDI, is truncated or corrupt, or holds no notes
     */
    public static List<Note> read(byte[] bytes, String source, MidiOptions options) {
        checkChunks(bytes, source);
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(new ByteArrayInputStream(bytes));
        } catch (InvalidMidiDataException e) {
            throw new CorpusException(source, "not a valid MIDI file (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            throw new CorpusException(source, "truncated or corrupt MIDI file (" + e + ")");
        }
        List<Note> notes = notes(sequence, options);
        if (notes.isEmpty()) {
            throw new CorpusException(source, "MIDI file holds no notes" + (options.keepDrums() ? ""
                    : " (drums on channel 10 are dropped; see --drums)"));
        }
        return notes;
    }

    /**
     * Checks the file's chunk structure, which Java's reader does not fully check: the header's track count
     * against the tracks present, each chunk's declared length against the bytes left, and each track's
     * end-of-track event. A file cut short anywhere fails one of these.
     */
    private static void checkChunks(byte[] bytes, String source) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 14 || in.getInt() != MTHD) {
            throw new CorpusException(source, "not a valid MIDI file (no MThd header)");
        }
        long headerLength = in.getInt() & 0xFFFFFFFFL;
        if (headerLength < 6 || headerLength > in.remaining()) {
            throw new CorpusException(source, "truncated or corrupt MIDI file (header length " + headerLength + ")");
        }
        in.getShort();
        int declared = in.getShort() & 0xFFFF;
        in.position((int) (8 + headerLength));
        int tracks = 0;
        while (in.remaining() > 0) {
            if (in.remaining() < 8) {
                throw new CorpusException(source, "truncated MIDI file: " + in.remaining()
                        + " stray byte(s) after track " + tracks);
            }
            int type = in.getInt();
            long length = in.getInt() & 0xFFFFFFFFL;
            if (length > in.remaining()) {
                throw new CorpusException(source, "truncated MIDI file: chunk " + (tracks + 1) + " declares "
                        + length + " bytes but only " + in.remaining() + " remain");
            }
            int end = in.position() + (int) length;
            if (type == MTRK) {
                tracks++;
                if (length < 3 || (bytes[end - 3] & 0xFF) != 0xFF || bytes[end - 2] != 0x2F || bytes[end - 1] != 0) {
                    throw new CorpusException(source, "truncated or corrupt MIDI file: track " + tracks
                            + " does not end with an end-of-track event");
                }
            }
            in.position(end);
        }
        if (tracks < declared) {
            throw new CorpusException(source, "truncated MIDI file: the header declares " + declared
                    + " tracks, the file holds " + tracks);
        }
    }

    private static List<Note> notes(Sequence sequence, MidiOptions options) {
        List<MidiEvent> events = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                events.add(track.get(i));
            }
        }
        events.sort(Comparator.comparingLong(MidiEvent::getTick)); // stable: track order within a tick
        TickClock clock = new TickClock(sequence, events);
        Performer performer = new Performer(options);
        for (MidiEvent e : events) {
            if (e.getMessage() instanceof ShortMessage m) {
                performer.play(m, clock.micros(e.getTick()));
            }
        }
        long end = events.isEmpty() ? 0 : clock.micros(events.get(events.size() - 1).getTick());
        return performer.finish(end);
    }

    /** Converts ticks to microseconds through the tempo map (or the SMPTE frame rate). */
    private static final class TickClock {
        private final long[] tempoTicks;
        private final long[] tempoMicrosAt;
        private final long[] tempos;
        private final int resolution;
        private final double smpteMicrosPerTick;

        TickClock(Sequence sequence, List<MidiEvent> sortedEvents) {
            resolution = sequence.getResolution();
            float division = sequence.getDivisionType();
            smpteMicrosPerTick = division == Sequence.PPQ ? 0 : 1e6 / (division * resolution);
            List<long[]> changes = new ArrayList<>();
            for (MidiEvent e : sortedEvents) {
                if (e.getMessage() instanceof MetaMessage m && m.getType() == TEMPO_META && m.getData().length >= 3) {
                    byte[] d = m.getData();
                    long tempo = ((d[0] & 0xFFL) << 16) | ((d[1] & 0xFFL) << 8) | (d[2] & 0xFFL);
                    if (tempo > 0) {
                        changes.add(new long[] {e.getTick(), tempo});
                    }
                }
            }
            tempoTicks = new long[changes.size() + 1];
            tempoMicrosAt = new long[changes.size() + 1];
            tempos = new long[changes.size() + 1];
            tempos[0] = DEFAULT_TEMPO_MICROS;
            for (int i = 0; i < changes.size(); i++) {
                tempoTicks[i + 1] = changes.get(i)[0];
                tempos[i + 1] = changes.get(i)[1];
                tempoMicrosAt[i + 1] = tempoMicrosAt[i] + span(tempoTicks[i + 1] - tempoTicks[i], tempos[i]);
            }
        }

        long micros(long tick) {
            if (smpteMicrosPerTick > 0) {
                return Math.round(tick * smpteMicrosPerTick);
            }
            int i = Arrays.binarySearch(tempoTicks, tick);
            if (i < 0) {
                i = -i - 2;
            } else {
                while (i + 1 < tempoTicks.length && tempoTicks[i + 1] == tick) {
                    i++;
                }
            }
            return tempoMicrosAt[i] + span(tick - tempoTicks[i], tempos[i]);
        }

        private long span(long ticks, long tempo) {
            return Math.round((double) ticks * tempo / resolution);
        }
    }

    /** Tracks sounding notes per channel and pitch, and the sustain pedal per channel. */
    private static final class Performer {
        private final MidiOptions options;
        private final Map<Integer, Deque<long[]>> sounding = new HashMap<>();
        private final Map<Integer, List<long[]>> sustained = new HashMap<>(); // channel << 7 | pitch -> notes
        private final boolean[] pedalDown = new boolean[16];
        private final List<Note> notes = new ArrayList<>();

        Performer(MidiOptions options) {
            this.options = options;
        }

        void play(ShortMessage m, long micros) {
            int channel = m.getChannel();
            if (channel == DRUM_CHANNEL && !options.keepDrums()) {
                return;
            }
            int command = m.getCommand();
            if (command == ShortMessage.NOTE_ON && m.getData2() > 0) {
                int key = key(channel, m.getData1());
                endSustained(channel, m.getData1(), micros);
                Deque<long[]> open = sounding.computeIfAbsent(key, k -> new ArrayDeque<>());
                open.addLast(new long[] {micros, m.getData2()});
            } else if (command == ShortMessage.NOTE_OFF || command == ShortMessage.NOTE_ON) {
                Deque<long[]> open = sounding.get(key(channel, m.getData1()));
                if (open == null || open.isEmpty()) {
                    return;
                }
                long[] note = open.removeFirst();
                if (pedalDown[channel] && options.applySustain()) {
                    sustained.computeIfAbsent(key(channel, m.getData1()), c -> new ArrayList<>())
                            .add(new long[] {m.getData1(), note[0], note[1]});
                } else {
                    add(m.getData1(), note, micros);
                }
            } else if (command == ShortMessage.CONTROL_CHANGE && m.getData1() == SUSTAIN_CONTROLLER) {
                boolean down = m.getData2() >= 64;
                if (pedalDown[channel] && !down) {
                    releasePedal(channel, micros);
                }
                pedalDown[channel] = down;
            }
        }

        private void endSustained(int channel, int pitch, long micros) {
            List<long[]> held = sustained.remove(key(channel, pitch));
            if (held != null) {
                held.forEach(h -> add(pitch, new long[] {h[1], h[2]}, micros));
            }
        }

        private void releasePedal(int channel, long micros) {
            for (int pitch = 0; pitch < 128; pitch++) {
                endSustained(channel, pitch, micros);
            }
        }

        private void add(int pitch, long[] note, long endMicros) {
            if (endMicros > note[0]) {
                notes.add(new Note(pitch, (int) note[1], note[0], endMicros));
            }
        }

        List<Note> finish(long endMicros) {
            for (int channel = 0; channel < 16; channel++) {
                releasePedal(channel, endMicros);
            }
            sounding.forEach((key, open) -> open.forEach(n -> add(key & 0x7F, n, endMicros)));
            notes.sort(Comparator.comparingLong(Note::startMicros).thenComparingInt(Note::pitch));
            return notes;
        }

        private static int key(int channel, int pitch) {
            return channel << 7 | pitch;
        }
    }
}
