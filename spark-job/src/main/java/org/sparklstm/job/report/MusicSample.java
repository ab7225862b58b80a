package org.sparklstm.job.report;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.sparklstm.datasets.midi.AudioRenderer;
import org.sparklstm.datasets.midi.MidiWriter;
import org.sparklstm.datasets.midi.Note;
import org.sparklstm.job.train.RunFiles;

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
     * @param notes the sample
     * @return the files' common path relative to the report folder, without extension
     * @throws IOException if a file cannot be written or the audio rendered
     */
    public static String write(RunFiles files, String name, List<Note> notes) throws IOException {
        String base = DIR + "/" + name;
        byte[] midi = MidiWriter.write(notes);
        files.write(RunReport.DIR + "/" + base + ".mid", midi);
        files.write(RunReport.DIR + "/" + base + ".wav", AudioRenderer.toWav(midi));
        files.write(RunReport.DIR + "/" + base + ".png", PianoRoll.png(notes, summary(notes)));
        return base;
    }

    /**
     * @param notes a performance
     * @return its size in words, for example {@code 212 notes, 14.3 s}
     */
    public static String summary(List<Note> notes) {
        long end = notes.stream().mapToLong(Note::endMicros).max().orElse(0);
        return String.format(Locale.ROOT, "%d notes, %.1f s", notes.size(), end / 1e6);
    }
}
