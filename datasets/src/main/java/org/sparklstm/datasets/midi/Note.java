package org.sparklstm.datasets.midi;

/**
 * One sounding note of a performance, in real time.
 *
 * @param pitch MIDI pitch 0..127
 * @param velocity MIDI velocity 1..127
 * @param startMicros when it starts, in microseconds from the start of the piece
 * @param endMicros when it ends, after {@code startMicros}
 */
public record Note(int pitch, int velocity, long startMicros, long endMicros) {
    /** Validates the fields. */
    public Note {
        if (pitch < 0 || pitch > 127) {
            throw new IllegalArgumentException("pitch " + pitch + " outside 0..127");
        }
        if (velocity < 1 || velocity > 127) {
            throw new IllegalArgumentException("velocity " + velocity + " outside 1..127");
        }
        if (endMicros <= startMicros) {
            throw new IllegalArgumentException("note ends at " + endMicros + " us, not after its start " + startMicros);
        }
    }
}
