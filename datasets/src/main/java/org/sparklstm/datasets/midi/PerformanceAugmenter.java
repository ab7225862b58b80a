package org.sparklstm.datasets.midi;

import java.util.Arrays;

/**
 * Data augmentation on performance events, as in PerformanceRNN: transposition by semitones and time stretch.
 * Both work on the events themselves, so a training window is augmented after the train/validation split and
 * no augmented copy of a validation window can leak into training.
 */
public final class PerformanceAugmenter {
    private PerformanceAugmenter() {
    }

    /**
     * @param ids performance events
     * @param semitones how far to shift every pitch
     * @return the transposed events, or null if a pitch would leave 0..127
     */
    public static int[] transpose(int[] ids, int semitones) {
        int[] out = ids.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] < PerformanceCodec.TIME_SHIFT) {
                int base = out[i] < PerformanceCodec.NOTE_OFF ? PerformanceCodec.NOTE_ON : PerformanceCodec.NOTE_OFF;
                int pitch = out[i] - base + semitones;
                if (pitch < 0 || pitch > 127) {
                    return null;
                }
                out[i] = base + pitch;
            }
        }
        return out;
    }

    /**
     * Scales every time shift by {@code factor}, re-quantised so that no rounding error accumulates.
     *
     * @param ids performance events
     * @param factor above 1 slower, below 1 faster
     * @param maxLength at most this many events are returned (a stretched window keeps its length)
     * @return the stretched events
     */
    public static int[] stretch(int[] ids, double factor, int maxLength) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("stretch factor must be positive, got " + factor);
        }
        Stretched out = new Stretched(maxLength);
        long original = 0;
        for (int id : ids) {
            if (id >= PerformanceCodec.TIME_SHIFT && id < PerformanceCodec.VELOCITY) {
                original += id - PerformanceCodec.TIME_SHIFT + 1;
            } else {
                out.advanceTo(Math.round(original * factor));
                out.add(id);
            }
        }
        out.advanceTo(Math.round(original * factor));
        return out.toArray();
    }

    /** Events written so far, capped in length, and the steps they span. */
    private static final class Stretched {
        private final int[] ids;
        private int length;
        private long steps;

        Stretched(int maxLength) {
            ids = new int[maxLength];
        }

        void advanceTo(long step) {
            while (steps < step) {
                int shift = (int) Math.min(PerformanceCodec.MAX_SHIFT_STEPS, step - steps);
                add(PerformanceCodec.TIME_SHIFT + shift - 1);
                steps += shift;
            }
        }

        void add(int id) {
            if (length < ids.length) {
                ids[length++] = id;
            }
        }

        int[] toArray() {
            return Arrays.copyOf(ids, length);
        }
    }
}
