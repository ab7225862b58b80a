package org.sparklstm.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.sparklstm.core.bundle.ModelBundle;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.generate.BeamSearch;
import org.sparklstm.core.generate.Sampler;
import org.sparklstm.core.io.FileIO;
import org.sparklstm.core.io.HadoopFileIO;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;
import org.sparklstm.core.run.WriteGuard;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.midi.AudioRenderer;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.job.data.FileRead;
import org.sparklstm.job.data.ReadLimits;
import org.sparklstm.job.generate.ParallelSampler;
import org.sparklstm.job.generate.Rendered;
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

    @Option(names = "--count", defaultValue = "1", paramLabel = "N",
            description = "draw N samples at once on Spark's executors, sample i with seed --seed + i, written "
                    + "under --output (default ${DEFAULT-VALUE}: one, here, without Spark)")
    int count;

    @Option(names = "--output", paramLabel = "URI",
            description = "with --count: where the samples (" + RunLayout.SAMPLES + "/sample-00001.txt, .mid ...) "
                    + "and their index (" + RunLayout.SAMPLES_INDEX + ") are written")
    String output;

    @Option(names = "--wav", description = "with --count, for a MIDI model: write audio (.wav) instead of MIDI")
    boolean wav;

    @Option(names = "--master", paramLabel = "URL",
            description = "with --count: the Spark master (default: spark.master from spark-submit, else local[*])")
    String master;

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
        boolean parallel = count > 1 || output != null;
        if (parallel && (output == null || out != null || beam > 0)) {
            throw new ConfigException("count", "samples drawn on the executors (--count N) are written under "
                    + "--output URI, and are drawn, not searched: give --output, and neither --out nor --beam");
        }
        if (count < 1) {
            throw new ConfigException("count", "must be at least 1, got " + count);
        }
        ModelBundle bundle = checkpoint.locate().load();
        SequenceCodec codec = bundle.codec();
        CorpusFormat format = bundle.config().corpusFormat();
        int[] keptIds;
        int[] readIds;
        String head = "";
        if (codec instanceof PerformanceCodec) {
            keptIds = prime == null ? new int[0] : primeFromMidi(format, codec);
            readIds = keptIds.length == 0 ? format.defaultPrime(codec) : keptIds;
        } else {
            readIds = prime == null ? format.defaultPrime(codec) : codec instanceof CharacterCodec chars
                    ? chars.encode(prime)
                    : codec.encode(format.parse("--prime", prime.getBytes(StandardCharsets.UTF_8)).documents().get(0)
                            .symbols());
            keptIds = readIds;
            head = prime != null ? prime : codec.render(readIds).replaceFirst("^\n", "");
        }
        if (parallel) {
            return sampleOnExecutors(bundle, new ParallelSampler.Request(readIds, keptIds, head, length, temperature,
                    topK, seed, wav));
        }
        String name = out == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (codec instanceof PerformanceCodec && out != null && !name.endsWith(".wav") && !name.endsWith(".mid")
                && !name.endsWith(".midi")) {
            throw new ConfigException("out", "a MIDI model writes .mid, .midi or .wav files, not " + out);
        }
        Rendered piece = Rendered.of(codec, keptIds, head, draw(bundle, readIds), name.endsWith(".wav"));
        if (out == null) {
            spec.commandLine().getOut().println(piece.text() != null ? piece.text()
                    : piece.description() + "; write it with --out FILE.mid or --out FILE.wav");
        } else {
            Files.write(out, piece.bytes());
            spec.commandLine().getOut().println("Wrote " + piece.description() + " to " + out
                    + (piece.extension().equals("wav") ? String.format(Locale.ROOT, " (peak level %.0f%%)",
                    100.0 * AudioRenderer.peak(piece.bytes()) / 32768) : ""));
        }
        return ExitCode.OK.code();
    }

    /** Draws {@code --count} samples on the executors and writes their index last. */
    private int sampleOnExecutors(ModelBundle bundle, ParallelSampler.Request request) throws IOException {
        URI root = URI.create(output);
        try (JavaSparkContext sc = new JavaSparkContext(checkpoint.conf.sparkConf(master))) {
            List<String[]> written = ParallelSampler.sample(sc, bundle, request, count, root);
            FileIO io = HadoopFileIO.of(root, sc.hadoopConfiguration());
            ObjectNode index = new ObjectMapper().createObjectNode();
            index.put("checkpoint", checkpoint.checkpoint).put("model", bundle.model().kind())
                    .put("iteration", bundle.state().iteration()).put("length", length)
                    .put("temperature", temperature).put("top_k", topK);
            ArrayNode samples = index.putArray("samples");
            written.forEach(w -> samples.addObject().put("file", RunLayout.SAMPLES + "/" + w[0])
                    .put("seed", Long.parseLong(w[1])).put("what", w[2]));
            // whole or not at all: a root without it is unfinished, never one with half of it
            new RunFiles(io, WriteGuard.NONE).write(RunLayout.SAMPLES_INDEX,
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(index));
            spec.commandLine().getOut().println("Wrote " + written.size() + " samples under " + io.uri(
                    RunLayout.SAMPLES));
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

}
