package org.sparklstm.job.report;

import java.io.IOException;
import java.util.List;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.midi.AudioRenderer;
import org.sparklstm.datasets.midi.MidiWriter;
import org.sparklstm.datasets.midi.Note;
import org.sparklstm.core.run.RunFiles;

/**
 * A music sample as the report shows it: a MIDI file, its audio (WAV) and its piano roll (PNG), written side by
 * side under {@code report/samples/}.
 */
public final class MusicSample {
    /** The samples' folder, relative to the report's. */
    public static final String DIR = "samples";

    private MusicSample() {
    }

    /**
     * @param files the run's files
     * @param name the sample's name, without extension
     * @param title the piano roll's title
     * @param notes the sample
     * @return the files' common path relative to the report folder, without extension
     * @throws IOException if a file cannot be written or the audio rendered
     */
    public static String write(RunFiles files, String name, String title, List<Note> notes) throws IOException {
        String base = DIR + "/" + name;
        byte[] midi = MidiWriter.write(notes);
        files.write(RunLayout.REPORT + "/" + base + ".mid", midi);
        files.write(RunLayout.REPORT + "/" + base + ".wav", AudioRenderer.toWav(midi));
        files.write(RunLayout.REPORT + "/" + base + ".png", PianoRoll.png(notes, title));
        return base;
    }
}
