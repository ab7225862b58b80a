package org.sparklstm.job.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.sparklstm.datasets.codec.ByteCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.midi.AudioRenderer;
import org.sparklstm.datasets.midi.MidiWriter;
import org.sparklstm.datasets.midi.PerformanceCodec;

/**
 * A generated piece as a file holds it: text as UTF-8 (the prime, then what was drawn), a bytes model's bytes, or
 * music as a MIDI file or, rendered by Java's built-in synthesizer, a WAV file.
 *
 * @param bytes the file's content
 * @param text the text to print (a bytes model's bytes shown as its codec renders them), or null for music
 * @param extension the file name's extension: {@code txt}, {@code bin}, {@code mid} or {@code wav}
 * @param description what it is, for the command's message
 */
public record Rendered(byte[] bytes, String text, String extension, String description) {
    /**
     * @param codec the model's codec
     * @param primeIds the ids read before drawing (music: the primed events, kept in the piece)
     * @param head the text shown before what was drawn (text models: the prime as given)
     * @param drawn the ids drawn
     * @param wav for music: render audio instead of writing MIDI
     * @return the piece
     * @throws IOException if audio cannot be rendered
     */
    public static Rendered of(SequenceCodec codec, int[] primeIds, String head, int[] drawn, boolean wav)
            throws IOException {
        int[] piece = IntStream.concat(IntStream.of(primeIds), IntStream.of(drawn)).toArray();
        if (codec instanceof PerformanceCodec music) {
            byte[] midi = MidiWriter.write(music.decode(piece));
            String what = music.render(piece) + (primeIds.length == 0 ? "" : String.format(java.util.Locale.ROOT,
                    " (%d primed events, %d generated)", primeIds.length, drawn.length));
            return wav ? new Rendered(AudioRenderer.toWav(midi), null, "wav", what)
                    : new Rendered(midi, null, "mid", what);
        }
        if (codec instanceof ByteCodec bytes) {
            byte[] written = bytes.decode(piece);
            return new Rendered(written, head + codec.render(drawn), "bin", written.length + " bytes");
        }
        String text = head + codec.render(drawn);
        return new Rendered(text.getBytes(StandardCharsets.UTF_8), text, "txt",
                text.codePointCount(0, text.length()) + " characters");
    }
}
