package org.sparklstm.datasets.midi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparklstm.datasets.codec.FixedCodec;

/**
 * The performance encoding of Magenta's PerformanceRNN: 388 events. {@code NOTE_ON(pitch)} (ids 0..127),
 * {@code NOTE_OFF(pitch)} (128..255), {@code TIME_SHIFT} of 1..100 steps of 10 ms (256..355) and
 * {@code VELOCITY} in 32 bins (356..387), which applies to the following note-ons.
 *
 * <p>Encoding quantises note times to the 10 ms grid; a note shorter than one step lasts one step; notes of one
 * pitch struck at the same step become one (the longest and loudest); a note struck again while it sounds is
 * ended at the new strike, and the new note sounds until the later of the two ends (so the pitch sounds as long
 * as before, re-articulated). At one instant note-offs come before note-ons,
 * each in pitch order. Decoding reverses this exactly, so encoding a decoded sequence gives it back. Every
 * event is in the vocabulary: there is no unknown symbol.
 */
public final class PerformanceCodec extends FixedCodec {
    private static final long serialVersionUID = 1L;

    /** The JSON kind of this codec. */
    public static final String KIND = "performance";
    /** Length of one time step in microseconds (10 ms). */
    public static final long STEP_MICROS = 10_000;
    /** Most steps one TIME_SHIFT event advances (1 s). */
    public static final int MAX_SHIFT_STEPS = 100;
    /** Velocity bins. */
    public static final int VELOCITY_BINS = 32;
    /** First NOTE_ON id. */
    public static final int NOTE_ON = 0;
    /** First NOTE_OFF id. */
    public static final int NOTE_OFF = 128;
    /** The TIME_SHIFT id of one step. */
    public static final int TIME_SHIFT = 256;
    /** The VELOCITY id of the first bin. */
    public static final int VELOCITY = TIME_SHIFT + MAX_SHIFT_STEPS;
    /** The number of events. */
    public static final int SIZE = VELOCITY + VELOCITY_BINS;
    /** Velocity of notes struck before any VELOCITY event. */
    public static final int DEFAULT_VELOCITY = 64;
    private static final int BIN_WIDTH = (127 + VELOCITY_BINS - 1) / VELOCITY_BINS;

    /** The codec; all instances are equal. */
    public PerformanceCodec() {
        super(KIND, SIZE);
    }

    /**
     * @param velocity a MIDI velocity 1..127
     * @return its bin, 1..32
     */
    public static int velocityBin(int velocity) {
        return (velocity - 1) / BIN_WIDTH + 1;
    }

    /**
     * @param bin a velocity bin 1..32
     * @return the velocity a decoded note in that bin gets
     */
    public static int binVelocity(int bin) {
        return 1 + (bin - 1) * BIN_WIDTH;
    }

    /**
     * @param notes a performance
     * @return a lower bound on the events {@link #encode} gives for it: the time shifts that reach its last
     *         note's end, computed without encoding
     */
    public static long leastEvents(List<Note> notes) {
        long endSteps = notes.stream().mapToLong(n -> n.endMicros() / STEP_MICROS).max().orElse(0);
        return endSteps / MAX_SHIFT_STEPS;
    }

    /**
     * @param notes a performance
     * @return its events
     */
    public int[] encode(List<Note> notes) {
        List<long[]> events = new ArrayList<>(); // step, kind (0 off, 1 on), pitch, velocity bin
        for (long[] n : quantize(notes)) {
            events.add(new long[] {n[1], 1, n[0], n[3]});
            events.add(new long[] {n[2], 0, n[0], 0});
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])
                .thenComparingLong(e -> e[2]));
        List<Integer> out = new ArrayList<>(events.size() * 2);
        long step = 0;
        long bin = -1;
        for (long[] e : events) {
            for (; step < e[0]; step += Math.min(MAX_SHIFT_STEPS, e[0] - step)) {
                out.add(TIME_SHIFT - 1 + (int) Math.min(MAX_SHIFT_STEPS, e[0] - step));
            }
            if (e[1] == 1) {
                if (e[3] != bin) {
                    bin = e[3];
                    out.add(VELOCITY - 1 + (int) bin);
                }
                out.add(NOTE_ON + (int) e[2]);
            } else {
                out.add(NOTE_OFF + (int) e[2]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return per note: pitch, start step, end step, velocity bin; no two notes of a pitch overlap */
    private static List<long[]> quantize(List<Note> notes) {
        List<long[]> q = new ArrayList<>(notes.size());
        for (Note n : notes) {
            long start = Math.round((double) n.startMicros() / STEP_MICROS);
            long end = Math.max(start + 1, Math.round((double) n.endMicros() / STEP_MICROS));
            q.add(new long[] {n.pitch(), start, end, velocityBin(n.velocity())});
        }
        q.sort(Comparator.<long[]>comparingLong(n -> n[1]).thenComparingLong(n -> n[0]));
        Map<Long, long[]> last = new HashMap<>();
        List<long[]> kept = new ArrayList<>(q.size());
        for (long[] n : q) {
            long[] before = last.get(n[0]);
            if (before != null && before[1] == n[1]) {
                before[2] = Math.max(before[2], n[2]);
                before[3] = Math.max(before[3], n[3]);
                continue;
            }
            if (before != null && before[2] > n[1]) {
                n[2] = Math.max(n[2], before[2]);
                before[2] = n[1];
            }
            last.put(n[0], n);
            kept.add(n);
        }
        return kept;
    }

    /**
     * Decodes events, such as a model's samples, into notes. A NOTE_OFF of a silent pitch is ignored; a NOTE_ON of
     * a sounding pitch ends it first; notes still sounding at the end end there (lasting at least one step).
     *
     * @param ids events in 0..387
     * @return the notes, ordered by start time then pitch
     */
    public List<Note> decode(int[] ids) {
        List<Note> notes = new ArrayList<>();
        Map<Integer, long[]> sounding = new HashMap<>(); // pitch -> start step, velocity
        long step = 0;
        int velocity = DEFAULT_VELOCITY;
        for (int id : ids) {
            id(id);
            if (id < NOTE_OFF) {
                long[] open = sounding.put(id, new long[] {step, velocity});
                end(notes, id, open, step);
            } else if (id < TIME_SHIFT) {
                end(notes, id - NOTE_OFF, sounding.remove(id - NOTE_OFF), step);
            } else if (id < VELOCITY) {
                step += id - TIME_SHIFT + 1;
            } else {
                velocity = binVelocity(id - VELOCITY + 1);
            }
        }
        long endStep = step;
        sounding.forEach((pitch, open) -> end(notes, pitch, open, Math.max(endStep, open[0] + 1)));
        notes.sort(Comparator.comparingLong(Note::startMicros).thenComparingInt(Note::pitch));
        return notes;
    }

    /** @return the decoded performance's size, for example {@code 212 notes, 14.3 s} */
    @Override
    public String render(int[] ids) {
        List<Note> notes = decode(ids);
        long end = notes.stream().mapToLong(Note::endMicros).max().orElse(0);
        return String.format(Locale.ROOT, "%d notes, %.1f s", notes.size(), end / 1e6);
    }

    private static void end(List<Note> notes, int pitch, long[] open, long step) {
        if (open != null && step > open[0]) {
            notes.add(new Note(pitch, (int) open[1], open[0] * STEP_MICROS, step * STEP_MICROS));
        }
    }

    /**
     * @param id an event id
     * @return its name, for example {@code NOTE_ON(60)}, {@code TIME_SHIFT(250ms)}, {@code VELOCITY(17)}
     */
    public static String describe(int id) {
        if (id < NOTE_OFF) {
            return "NOTE_ON(" + id + ")";
        } else if (id < TIME_SHIFT) {
            return "NOTE_OFF(" + (id - NOTE_OFF) + ")";
        } else if (id < VELOCITY) {
            return "TIME_SHIFT(" + (id - TIME_SHIFT + 1) * STEP_MICROS / 1000 + "ms)";
        }
        return "VELOCITY(" + (id - VELOCITY + 1) + ")";
    }
}
