package org.sparklstm.datasets.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class AudioRendererTest {

    @Test
    void rendersAudibleWav() throws Exception {
        byte[] midi = MidiWriter.write(List.of(new Note(60, 100, 0, 500_000), new Note(67, 100, 500_000, 1_000_000)));
        byte[] wav = AudioRenderer.toWav(midi);
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            assertEquals(16, audio.getFormat().getSampleSizeInBits());
            byte[] pcm = audio.readAllBytes();
            assertTrue(pcm.length > audio.getFormat().getFrameSize() * audio.getFormat().getFrameRate(),
                    "at least a second of audio");
        }
        assertTrue(AudioRenderer.peak(wav) > 1000, "peak amplitude " + AudioRenderer.peak(wav));
        assertEquals(0, AudioRenderer.peak(AudioRenderer.toWav(MidiWriter.write(List.of()))));
    }
}
