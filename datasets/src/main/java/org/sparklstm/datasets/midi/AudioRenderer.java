package org.sparklstm.datasets.midi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Renders a Standard MIDI File to WAV audio (16-bit PCM, 44.1 kHz stereo) with Java's built-in software
 * synthesizer and its bundled sound bank: no sound card or external synthesizer is needed.
 */
public final class AudioRenderer {
    private AudioRenderer() {
    }

    /**
     * @param midi the bytes of a Standard MIDI File
     * @return the bytes of a WAV file of it
     * @throws IOException if the synthesizer cannot render it
     */
    public static byte[] toWav(byte[] midi) throws IOException {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(midi))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(audio, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("this Java runtime has no MIDI synthesizer to render audio with", e);
        }
    }

    /**
     * @param wav a WAV file of 16-bit PCM audio, as {@link #toWav} writes
     * @return its largest absolute sample value, 0 (silence) to 32768
     * @throws IOException if it is not such a file
     */
    public static int peak(byte[] wav) throws IOException {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat format = audio.getFormat();
            if (format.getSampleSizeInBits() != 16 || format.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new IOException("not 16-bit signed PCM audio: " + format);
            }
            byte[] pcm = audio.readAllBytes();
            int peak = 0;
            for (int i = 0; i + 1 < pcm.length; i += 2) {
                int sample = format.isBigEndian() ? (pcm[i] << 8) | (pcm[i + 1] & 0xFF)
                        : (pcm[i + 1] << 8) | (pcm[i] & 0xFF);
                peak = Math.max(peak, Math.abs(sample));
            }
            return peak;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file", e);
        }
    }
}
