package org.sparklstm.datasets.midi;

import java.io.Serializable;

/**
 * How MIDI files are turned into one performance.
 *
 * @param keepDrums keep channel 10 (percussion) notes; dropped by default, since a performance has no instruments
 * @param applySustain lengthen notes held by the sustain pedal (controller 64) until the pedal is released
 * @param maxEvents the most performance events one file may give; a file that would give more (a hostile
 *                  file's tempo and delta times can ask for years of time shifts) is refused before encoding
 */
public record MidiOptions(boolean keepDrums, boolean applySustain, int maxEvents) implements Serializable {
    /** The default {@link #maxEvents}: days of dense piano music, far beyond any real performance. */
    public static final int DEFAULT_MAX_EVENTS = 5_000_000;
    /** Drums dropped, sustain applied. */
    public static final MidiOptions DEFAULT = new MidiOptions(false, true);

    /**
     * @param keepDrums keep channel 10
     * @param applySustain apply the sustain pedal
     */
    public MidiOptions(boolean keepDrums, boolean applySustain) {
        this(keepDrums, applySustain, DEFAULT_MAX_EVENTS);
    }
}
