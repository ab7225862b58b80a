package org.sparklstm.datasets.midi;

import java.io.Serializable;

/**
 * How MIDI files are turned into one performance.
 *
 * @param keepDrums keep channel 10 (percussion) notes; dropped by default, since a performance has no instruments
 * @param applySustain lengthen notes held by the sustain pedal (controller 64) until the pedal is released
 */
public record MidiOptions(boolean keepDrums, boolean applySustain) implements Serializable {
    /** Drums dropped, sustain applied. */
    public static final MidiOptions DEFAULT = new MidiOptions(false, true);
}
