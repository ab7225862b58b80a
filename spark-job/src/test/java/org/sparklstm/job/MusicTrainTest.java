package org.sparklstm.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.datasets.midi.AudioRenderer;
import org.sparklstm.datasets.midi.MidiOptions;
import org.sparklstm.datasets.midi.MidiReader;
import org.sparklstm.datasets.midi.MidiWriter;
import org.sparklstm.datasets.midi.Note;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.job.report.RunReport;

/**
 * Music end to end on Spark local[2]: train on real MIDI files with bad ones among them, with augmentation; then
 * sample MIDI and WAV, continue a given piece, and evaluate.
 */
class MusicTrainTest {
    private static final Path PIANO = Path.of("../datasets/src/main/resources/corpora/piano");
    private static final List<String> PIECES = List.of("fur-elise.mid", "the-entertainer.mid",
            "satie-gymnopedie-no1.mid");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path corpus;
    static Path run;
    static CliRunner.Outcome training;

    @BeforeAll
    static void train() throws IOException {
        System.setProperty("spark.ui.enabled", "false");
        corpus = Files.createDirectories(tmp.resolve("midi"));
        for (String piece : PIECES) {
            Files.copy(PIANO.resolve(piece), corpus.resolve(piece));
        }
        byte[] whole = Files.readAllBytes(PIANO.resolve("maple-leaf-rag.mid"));
        Files.write(corpus.resolve("truncated.mid"), Arrays.copyOf(whole, whole.length / 3));
        Files.writeString(corpus.resolve("notes.mid"), "not a MIDI file", StandardCharsets.UTF_8);
        Files.write(corpus.resolve("silent.mid"), MidiWriter.write(List.of()));
        run = tmp.resolve("run");
        training = CliRunner.run("train", "--format", "midi", "--corpus", corpus.toString(), "--master", "local[2]",
                "--output", run.toString(), "--max-iterations", "6", "--eval-every", "3", "--hidden-size", "32",
                "--averaging-frequency", "3",
                "--sequence-length", "50", "--transpose", "-1..1", "--time-stretch", "0.05", "--sample-length", "120");
    }

    @Test
    void everyFileIsAccountedForAndBadOnesAreSkippedByName() throws IOException {
        assertEquals(0, training.exitCode(), training.err());
        JsonNode report = JSON.readTree(run.resolve("data-report.json").toFile());
        Map<String, JsonNode> byName = new HashMap<>();
        report.get("files").forEach(f -> byName.put(Path.of(f.get("path").asText()).getFileName().toString(), f));
        assertEquals(6, byName.size());
        for (String piece : PIECES) {
            assertEquals("read", byName.get(piece).get("status").asText(), piece);
        }
        assertTrue(byName.get("truncated.mid").get("reason").asText().contains("MIDI"), byName.toString());
        assertTrue(byName.get("notes.mid").get("reason").asText().startsWith("not a valid MIDI file"),
                byName.toString());
        assertTrue(byName.get("silent.mid").get("reason").asText().contains("no notes"), byName.toString());
        assertEquals(388, report.get("vocabulary_size").asInt());
    }

    @Test
    void validationHoldsTheRestOfTheEventsAndTrainingItsAugmentedVariants() throws IOException {
        PerformanceCodec codec = new PerformanceCodec();
        long events = 0;
        for (String piece : PIECES) {
            events += codec.encode(MidiReader.read(Files.readAllBytes(PIANO.resolve(piece)), piece,
                    MidiOptions.DEFAULT)).length - 1;
        }
        JsonNode report = JSON.readTree(run.resolve("data-report.json").toFile());
        long validation = report.get("validation_tokens").asLong();
        long train = report.get("train_tokens").asLong();
        assertTrue(validation > 0 && validation < events / 5, "validation " + validation + " of " + events);
        // 3 transpositions x 3 tempos of every training window; stretching by 0.95 shortens some windows
        assertTrue(train > 8 * (events - validation) && train <= 9 * (events - validation),
                "training tokens " + train + " for " + (events - validation) + " unaugmented");
    }

    @Test
    void theReportShowsEachSampleAsPianoRollAudioAndMidi() throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        Path reportDir = run.resolve(RunLayout.REPORT);
        String html = Files.readString(reportDir.resolve("index.html"));
        for (String line : lines) {
            String base = JSON.readTree(line).get(RunReport.SAMPLE_FILES).asText();
            assertTrue(html.contains("<img src=\"" + base + ".png\"") && html.contains(base + ".wav")
                    && html.contains("<a href=\"" + base + ".mid\">"), base);
            Images.assertNotBlank(ImageIO.read(reportDir.resolve(base + ".png").toFile()), base);
            assertTrue(AudioRenderer.peak(Files.readAllBytes(reportDir.resolve(base + ".wav"))) > 0, base);
            MidiSystem.getSequence(reportDir.resolve(base + ".mid").toFile());
        }
    }

    @Test
    void sampleWritesPlayableMidiAndAudibleAudio() throws Exception {
        Path mid = tmp.resolve("x.mid");
        CliRunner.Outcome o = CliRunner.run("sample", "--checkpoint", run.toString(), "--length", "1000",
                "--out", mid.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(noteOns(MidiSystem.getSequence(mid.toFile())) >= 50, o.out());

        Path wav = tmp.resolve("x.wav");
        o = CliRunner.run("sample", "--checkpoint", run.toString(), "--length", "1000", "--out", wav.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(AudioRenderer.peak(Files.readAllBytes(wav)) > 1000, "audible: " + o.out());
    }

    @Test
    void samplePrimedWithAPieceContinuesIt() throws Exception {
        Path out = tmp.resolve("continued.mid");
        Path prime = PIANO.resolve("fur-elise.mid");
        CliRunner.Outcome o = CliRunner.run("sample", "--checkpoint", run.toString(), "--length", "200",
                "--prime", prime.toString(), "--out", out.toString());
        assertEquals(0, o.exitCode(), o.err());
        PerformanceCodec codec = new PerformanceCodec();
        List<Note> given = codec.decode(codec.encode(MidiReader.read(Files.readAllBytes(prime), "prime",
                MidiOptions.DEFAULT)));
        List<Note> continued = MidiReader.read(Files.readAllBytes(out), "out", MidiOptions.DEFAULT);
        assertEquals(given.subList(0, 100), continued.subList(0, 100), "the output starts with the prime");
        long primeEnd = given.stream().mapToLong(Note::endMicros).max().orElseThrow();
        assertTrue(continued.stream().anyMatch(n -> n.startMicros() >= primeEnd), "and goes on after it");

        CliRunner.Outcome bad = CliRunner.run("sample", "--checkpoint", run.toString(), "--prime",
                corpus.resolve("truncated.mid").toString(), "--out", out.toString());
        assertEquals(3, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("truncated.mid"), bad.err());
    }

    @Test
    void evaluateReportsLikelihoodPerEvent() throws IOException {
        CliRunner.Outcome o = CliRunner.run("evaluate", "--checkpoint", run.toString(), "--corpus",
                corpus.toString());
        assertEquals(0, o.exitCode(), o.err());
        JsonNode result = JSON.readTree(o.out());
        assertEquals("midi", result.get("format").asText());
        assertEquals(3, result.get("files_skipped").asInt(), o.out());
        double bits = result.get("bits_per_token").asDouble();
        assertEquals(bits * Math.log(2), result.get("nll_per_token").asDouble(), 1e-9);
        assertTrue(bits > 1 && bits < Math.log(388) / Math.log(2) + 0.5, o.out());
    }

    private static int noteOns(Sequence sequence) {
        int count = 0;
        for (Track t : sequence.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON
                        && m.getData2() > 0) {
                    count++;
                }
            }
        }
        return count;
    }
}
