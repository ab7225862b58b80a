package org.sparklstm.job.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.generate.BeamSearch;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.ByteCodec;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.midi.AudioRenderer;
import org.sparklstm.datasets.midi.MidiWriter;
import org.sparklstm.datasets.midi.Note;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.ReadLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sample}: generates from a checkpointed model. Text, bytes and ABC models print text (or write it with
 * {@code --out}; a bytes model writes raw bytes); MIDI models write a MIDI file ({@code --out x.mid}) or its
 * audio ({@code --out x.wav}).
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate from a model; runs without Spark. Text and ABC: printed, or written to --out. "
                + "MIDI: written to --out FILE.mid (MIDI) or FILE.wav (audio from Java's built-in synthesizer).")
public final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint;

    @Option(names = "--length", defaultValue = "500", description = "tokens to generate (default ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--temperature", defaultValue = "0.8",
            description = "below 1 more conservative, above 1 more surprising (default ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--prime", paramLabel = "TEXT|FILE",
            description = "what the model reads before generating, and the output starts with: text for text, "
                    + "bytes and ABC models (default: a newline; ABC: X:), a MIDI file for MIDI models (default: nothing)")
    String prime;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "draw each token among the K most probable only (default ${DEFAULT-VALUE}: all)")
    int topK;

    @Option(names = "--beam", defaultValue = "0", paramLabel = "N",
            description = "beam search with N beams: the most probable continuation found, deterministic; "
                    + "--temperature, --top-k and --seed do not apply (default ${DEFAULT-VALUE}: sample)")
    int beam;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the draws (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE",
            description = "write the output here: .mid or .wav for MIDI models, text otherwise")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (length < 1) {
            throw new ConfigException("length", "must be at least 1, got " + length);
        }
        if (!(temperature > 0) || temperature > 100) {
            throw new ConfigException("temperature", "must be in (0, 100], got " + temperature);
        }
        if (topK < 0) {
            throw new ConfigException("top-k", "must be 0 (all) or more, got " + topK);
        }
        if (beam < 0 || beam > 1000) {
            throw new ConfigException("beam", "must be in [0, 1000] (0: sample), got " + beam);
        }
        if (prime != null && prime.isEmpty()) {
            throw new ConfigException("prime", "must not be empty");
        }
        ModelBundle bundle = checkpoint.locate().load();
        SequenceCodec codec = bundle.codec();
        CorpusFormat format = bundle.config().corpusFormat();
        if (codec instanceof PerformanceCodec music) {
            writeMusic(bundle, music, prime == null ? new int[0] : primeFromMidi(format, codec));
        } else {
            int[] primeIds = prime == null ? format.defaultPrime(codec) : codec instanceof CharacterCodec chars
                    ? chars.encode(prime)
                    : codec.encode(format.parse("--prime", prime.getBytes(StandardCharsets.UTF_8)).documents().get(0)
                            .symbols());
            int[] drawn = draw(bundle, primeIds);
            String head = prime != null ? prime : codec.render(primeIds).replaceFirst("^\n", "");
            String text = head + codec.render(drawn);
            if (out == null) {
                spec.commandLine().getOut().println(text);
            } else if (codec instanceof ByteCodec bytes) {
                byte[] written = bytes.decode(IntStream.concat(IntStream.of(primeIds), IntStream.of(drawn)).toArray());
                Files.write(out, written);
                spec.commandLine().getOut().println("Wrote " + written.length + " bytes to " + out);
            } else {
                Files.writeString(out, text, StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("Wrote " + text.codePointCount(0, text.length())
                        + " characters to " + out);
            }
        }
        return ExitCode.OK.code();
    }

    private int[] draw(ModelBundle bundle, int[] primeIds) {
        if (beam > 0) {
            BeamSearch.Result best = new BeamSearch(bundle.model()).search(primeIds, length, beam);
            spec.commandLine().getErr().printf(Locale.ROOT, "Beam search (%d beams): %.2f bits per token%n", beam,
                    -best.log2Probability() / length);
            return best.ids();
        }
        return new Sampler(bundle.model()).sample(primeIds, length, temperature, topK, seed);
    }

    private int[] primeFromMidi(CorpusFormat format, SequenceCodec codec) {
        FileRead read = FileRead.of(prime, checkpoint.hadoop(), format, ReadLimits.ofSplit(0).maxFileBytes());
        if (read.content().skipReason() != null) {
            throw new CorpusException(prime, read.content().skipReason());
        }
        return codec.encode(read.content().documents().get(0).symbols());
    }

    private void writeMusic(ModelBundle bundle, PerformanceCodec codec, int[] primeIds) throws IOException {
        int[] drawn = draw(bundle, primeIds.length == 0 ? bundle.config().corpusFormat().defaultPrime(codec)
                : primeIds);
        int[] piece = IntStream.concat(IntStream.of(primeIds), IntStream.of(drawn)).toArray();
        List<Note> notes = codec.decode(piece);
        String what = codec.render(piece) + (primeIds.length == 0 ? ""
                : String.format(Locale.ROOT, " (%d primed events, %d generated)", primeIds.length, drawn.length));
        if (out == null) {
            spec.commandLine().getOut().println(what + "; write it with --out FILE.mid or --out FILE.wav");
            return;
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] midi = MidiWriter.write(notes);
        if (name.endsWith(".wav")) {
            byte[] wav = AudioRenderer.toWav(midi);
            Files.write(out, wav);
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "Wrote %s to %s (peak level %.0f%%)",
                    what, out, 100.0 * AudioRenderer.peak(wav) / 32768));
        } else if (name.endsWith(".mid") || name.endsWith(".midi")) {
            Files.write(out, midi);
            spec.commandLine().getOut().println("Wrote " + what + " to " + out);
        } else {
            throw new ConfigException("out", "a MIDI model writes .mid, .midi or .wav files, not " + out);
        }
    }
}
