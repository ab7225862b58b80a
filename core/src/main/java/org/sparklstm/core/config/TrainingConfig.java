package org.sparklstm.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.sparklstm.core.family.ModelFamily;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.datasets.corpus.CorpusFormat;
import org.sparklstm.datasets.corpus.CorpusFormats;
import org.sparklstm.datasets.midi.MidiOptions;
import org.sparklstm.datasets.text.BadInputPolicy;

/**
 * The one immutable, validated configuration of a training run and its model.
 *
 * <p>Every key is a {@link ConfigParam} listed in {@link #PARAMS} with its default, range and description.
 * Values come from the defaults, then a properties file ({@code --config}), then command-line options,
 * each layer overriding the one before; every value remembers its source. A parameter is read once from
 * here and handed down; no other class reads configuration on its own.
 */
public final class TrainingConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a value came from when it was not set. */
    public static final String SOURCE_DEFAULT = "default";

    /** The model family. */
    public static final ConfigParam<ModelFamily> MODEL = ConfigParam.ofEnum("model", ModelFamily.LSTM,
            "model family: " + familiesDescribed());
    /** The mixture's components. */
    public static final ConfigParam<NetworkKind> OF = ConfigParam.ofChoices("of", NetworkKind.LSTM,
            List.of(NetworkKind.values()), k -> k.key() + ",markov",
            "the two models a mixture interpolates (with --model mixture): a network family and markov");
    /** The Markov chain's order. */
    public static final ConfigParam<Integer> ORDER = ConfigParam.ofInt("order", 6, 1, 16,
            "Markov chain order n (markov, mixture): each symbol is predicted from the n-1 before it");
    /** The corpus format. */
    public static final ConfigParam<String> FORMAT = ConfigParam.ofChoice("format", "text",
            CorpusFormats.NAMES, "corpus format: text (UTF-8, one token per Unicode code point), "
                    + "bytes (any encoding, one token per byte, 256 symbols), abc "
                    + "(ABC notation, one token per character, each X: tune a document) or midi (Standard MIDI "
                    + "Files as PerformanceRNN events: note-on, note-off, 10 ms time shifts, velocity)");
    /** Recurrent layers. */
    public static final ConfigParam<Integer> LAYERS = ConfigParam.ofInt("layers", 2, 1, 8,
            "number of stacked recurrent layers");
    /** Units per recurrent layer. */
    public static final ConfigParam<Integer> HIDDEN_SIZE = ConfigParam.ofInt("hidden-size", 128, 1, 4096,
            "units in each recurrent layer");
    /** Tokens per training window (the BPTT length). */
    public static final ConfigParam<Integer> SEQUENCE_LENGTH = ConfigParam.ofInt("sequence-length", 100, 2, 10_000,
            "tokens per training window; gradients flow back through this many steps");
    /** Windows per minibatch on each worker. */
    public static final ConfigParam<Integer> BATCH_SIZE = ConfigParam.ofInt("batch-size", 16, 1, 4096,
            "windows per minibatch on each worker");
    /** Adam's learning rate. */
    public static final ConfigParam<Double> LEARNING_RATE = ConfigParam.ofDouble("learning-rate", 0.01, 0, true, 1,
            "Adam learning rate");
    /** Element-wise gradient clipping threshold. */
    public static final ConfigParam<Double> GRADIENT_CLIP = ConfigParam.ofDouble("gradient-clip", 1.0, 0, false, 1e6,
            "clip each gradient element to [-c, c]; 0 turns clipping off");
    /** Dropout between layers. */
    public static final ConfigParam<Double> DROPOUT = ConfigParam.ofDouble("dropout", 0, 0, false, 0.9,
            "share of a layer's inputs dropped in training, for every layer after the first (0: none)");
    /** How an LSTM layer computes its passes. */
    public static final ConfigParam<LstmKernel> LSTM_KERNEL = ConfigParam.ofEnum("lstm-kernel", LstmKernel.FUSED,
            "lstm: fused computes the inputs' part of every step at once, then per step one "
                    + "OpenBLAS product and one vectorised Java loop, forward and backward (the same model and "
                    + "parameters, three to four times faster); dl4j runs DL4J's own loop of a dozen ND4J calls per "
                    + "step. A network loaded to resume or retrain moves to the kernel asked for");
    /** Truncated BPTT. */
    public static final ConfigParam<Integer> TBPTT_LENGTH = ConfigParam.ofInt("tbptt-length", 0, 0, 10_000,
            "truncated backpropagation through time: update after every this many steps of a window, carrying "
                    + "the state on (0: backpropagate through the whole window)");
    /** Learning-rate decay. */
    public static final ConfigParam<Integer> LEARNING_RATE_HALF_LIFE = ConfigParam.ofInt("learning-rate-half-life",
            0, 0, Integer.MAX_VALUE, "iterations over which the learning rate halves, decaying exponentially "
                    + "(0: constant)");
    /** Where the network trains. */
    public static final ConfigParam<Engine> ENGINE = ConfigParam.ofEnum("engine", Engine.SPARK,
            "spark: parameter averaging over the Spark workers; single: plain DL4J in the driver JVM on the same "
                    + "minibatches in the same order (Spark only reads and splits the corpus)");
    /** Passes over the training windows. */
    public static final ConfigParam<Integer> EPOCHS = ConfigParam.ofInt("epochs", 10, 1, 1_000_000,
            "passes over the training windows");
    /** Wall-clock budget. */
    public static final ConfigParam<Double> MAX_MINUTES = ConfigParam.ofDouble("max-minutes", 0, 0, false, 1e7,
            "wall-clock training budget in minutes, after which training ends cleanly; 0 means none");
    /** Iteration budget. */
    public static final ConfigParam<Long> MAX_ITERATIONS = ConfigParam.ofLong("max-iterations", 0, 0, Long.MAX_VALUE,
            "stop after this many iterations (minibatch steps per worker); 0 means none");
    /** Random seed. */
    public static final ConfigParam<Long> SEED = ConfigParam.ofLong("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE,
            "seed for weight initialisation, data order and sampling");
    /** Share of windows held out. */
    public static final ConfigParam<Double> VALIDATION_FRACTION = ConfigParam.ofDouble("validation-fraction", 0.05,
            0, true, 0.5, "share of windows held out for validation, chosen by a hash of file name and offset");
    /** Cap on the validation tokens scored at each evaluation. */
    public static final ConfigParam<Long> MAX_VALIDATION_TOKENS = ConfigParam.ofLong("max-validation-tokens", 500_000,
            0, Long.MAX_VALUE, "score at most about this many validation tokens at each evaluation: a fixed subset "
                    + "of the validation windows, chosen by a hash, the same at every evaluation; 0 means all");
    /** Evaluation interval. */
    public static final ConfigParam<Integer> EVAL_EVERY = ConfigParam.ofInt("eval-every", 100, 1, Integer.MAX_VALUE,
            "evaluate on the validation split every this many iterations (and at the end of each epoch)");
    /** Minibatches between parameter averagings. */
    public static final ConfigParam<Integer> AVERAGING_FREQUENCY = ConfigParam.ofInt("averaging-frequency", 10, 1,
            10_000, "minibatches each worker fits between two parameter averagings");
    /** Minibatches each worker prepares ahead. */
    public static final ConfigParam<Integer> PREFETCH = ConfigParam.ofInt("prefetch", 2, 0, 1000,
            "minibatches each worker builds ahead of training on a background thread; 0 turns prefetch off");
    /** DL4J's repartition strategy. */
    public static final ConfigParam<Repartition> REPARTITION = ConfigParam.ofEnum("repartition", Repartition.NEVER, "whether DL4J repartitions each round's "
                    + "minibatches before fitting; never keeps this job's exact, seeded assignment of minibatches "
                    + "to workers (and so exact resume)");
    /** DL4J's training approach. */
    public static final ConfigParam<TrainingApproach> TRAINING_APPROACH = ConfigParam.ofEnum("training-approach",
            TrainingApproach.DIRECT, "direct: minibatches go to the workers inside Spark's tasks; export: "
                    + "DL4J first writes them under <output>/_export on the output's filesystem and the workers "
                    + "read them back (less executor memory, more I/O)");
    /** Parallel workers. */
    public static final ConfigParam<Integer> WORKERS = ConfigParam.ofInt("workers", 0, 0, 100_000,
            "parallel training workers; 0 means Spark's default parallelism, resolved when a run starts and saved "
                    + "with its checkpoints, so that a resume splits the data the same way");
    /** Vocabulary cap. */
    public static final ConfigParam<Integer> MAX_VOCAB = ConfigParam.ofInt("max-vocab", 10_000, 2, 1_000_000,
            "largest vocabulary, unknown symbol included; rarer symbols map to unknown");
    /** Characters sampled at each evaluation. */
    public static final ConfigParam<Integer> SAMPLE_LENGTH = ConfigParam.ofInt("sample-length", 200, 0, 100_000,
            "tokens sampled from the model at each evaluation, printed and kept in metrics.jsonl");

    /** Largest part of a file one task reads. */
    public static final ConfigParam<Integer> SPLIT_MB = ConfigParam.ofInt("split-mb", 4, 1, 1024,
            "an uncompressed text file larger than this many MiB is read in parts of this size by separate tasks, "
                    + "cut at character boundaries (compressed, ABC and MIDI files are read whole); a task needs "
                    + "about 10 times this in memory while it decodes its part");
    /** Largest file one task reads whole. */
    public static final ConfigParam<Integer> MAX_FILE_MB = ConfigParam.ofInt("max-file-mb", 256, 1, 1536,
            "a file read whole (compressed, ABC, MIDI) may hold at most this many MiB, after decompression; a "
                    + "larger one (a decompression bomb, say) is skipped and named in data-report.json; a task needs "
                    + "about 10 times this in memory while it decodes the file");
    /** Most events one MIDI file may give. */
    public static final ConfigParam<Integer> MAX_FILE_TOKENS = ConfigParam.ofInt("max-file-tokens",
            MidiOptions.DEFAULT_MAX_EVENTS, 1, Integer.MAX_VALUE, "midi: a file that would give more performance "
                    + "events than this is skipped and named in data-report.json (a hostile file's tempo and delta "
                    + "times can ask for years of time shifts); text and ABC give at most a token per byte, bounded "
                    + "by max-file-mb and split-mb");
    /** Where the windows are cached. */
    public static final ConfigParam<WindowCache> WINDOW_CACHE = ConfigParam.ofEnum("window-cache", WindowCache.AUTO, "where the executors cache the training and validation windows: "
                    + "memory (serialized, spilling to disk), disk (local disk only), or auto: disk when the corpus "
                    + "is larger than a tenth of an executor's heap, else memory");
    /** MIDI drums. */
    public static final ConfigParam<String> DRUMS = ConfigParam.ofChoice("drums", "drop", List.of("drop", "keep"),
            "midi: drop or keep channel 10 (percussion); kept drums are played as pitched notes");
    /** MIDI sustain pedal. */
    public static final ConfigParam<String> SUSTAIN = ConfigParam.ofChoice("sustain", "apply",
            List.of("apply", "ignore"), "midi: apply the sustain pedal (notes held until it is released) or "
                    + "ignore it");
    /** Transposition augmentation. */
    public static final ConfigParam<IntRange> TRANSPOSE = ConfigParam.ofIntRange("transpose", new IntRange(0, 0),
            -12, 12, "midi: train on every training window transposed by each number of semitones in this range "
                    + "(e.g. -3..3, seven copies); validation is never augmented");
    /** Time-stretch augmentation. */
    public static final ConfigParam<Double> TIME_STRETCH = ConfigParam.ofDouble("time-stretch", 0, 0, false, 0.5,
            "midi: also train on every training window slowed and sped up by this fraction (e.g. 0.05: "
                    + "x0.95 and x1.05); 0 means none");

    /** What to do with non-UTF-8 corpus files. */
    public static final ConfigParam<BadInputPolicy> ON_BAD_INPUT = ConfigParam.ofEnum("on-bad-input",
            BadInputPolicy.REPLACE, "a corpus file that is not valid UTF-8: skip it, replace each "
                    + "malformed sequence with U+FFFD (counted), or fail the run; a corrupt, truncated or note-less "
                    + "MIDI file is skipped unless this is fail; binary (for text) and empty files are always "
                    + "skipped, and all of them are listed in data-report.json");
    /** Checkpoint interval. */
    public static final ConfigParam<Integer> CHECKPOINT_EVERY = ConfigParam.ofInt("checkpoint-every", 200, 0,
            Integer.MAX_VALUE, "also checkpoint every this many iterations (besides each epoch's end and the "
                    + "budget's); 0 means only those");
    /** Newest checkpoints kept. */
    public static final ConfigParam<Integer> KEEP_LAST = ConfigParam.ofInt("keep-last", 3, 1, 1_000_000,
            "how many of the newest checkpoints to keep");
    /** Best checkpoints kept. */
    public static final ConfigParam<Integer> KEEP_BEST = ConfigParam.ofInt("keep-best", 1, 0, 1_000_000,
            "how many checkpoints with the lowest validation loss to keep besides the newest");
    /** Lease time-to-live. */
    public static final ConfigParam<Integer> LEASE_SECONDS = ConfigParam.ofInt("lease-seconds", 120, 5, 86_400,
            "time-to-live of the run's lease on its output root; renewed every third of it");

    /** Every key, in the order they are documented. */
    public static final List<ConfigParam<?>> PARAMS = List.of(
            MODEL, OF, ORDER, FORMAT, LAYERS, HIDDEN_SIZE, SEQUENCE_LENGTH, BATCH_SIZE, LEARNING_RATE,
            LEARNING_RATE_HALF_LIFE, GRADIENT_CLIP, DROPOUT, LSTM_KERNEL, TBPTT_LENGTH, ENGINE, EPOCHS,
            MAX_MINUTES, MAX_ITERATIONS, SEED, VALIDATION_FRACTION, MAX_VALIDATION_TOKENS, EVAL_EVERY,
            AVERAGING_FREQUENCY, PREFETCH, REPARTITION, TRAINING_APPROACH, WORKERS, MAX_VOCAB, SAMPLE_LENGTH,
            SPLIT_MB, MAX_FILE_MB, MAX_FILE_TOKENS, WINDOW_CACHE, DRUMS, SUSTAIN, TRANSPOSE, TIME_STRETCH, ON_BAD_INPUT, CHECKPOINT_EVERY,
            KEEP_LAST, KEEP_BEST, LEASE_SECONDS);

    /** The keys that define a network's shape: a resumed or fine-tuned run takes them from its checkpoint. */
    public static final List<ConfigParam<?>> ARCHITECTURE = List.of(MODEL, OF, ORDER, FORMAT, LAYERS,
            HIDDEN_SIZE);

    /**
     * The keys a resumed run may change: budgets, intervals, sampling, retention, the lease and how (not what)
     * it computes. Every other key decides the model, the data order or the split, so a resume takes it from the
     * checkpoint and refuses a different value.
     */
    public static final List<ConfigParam<?>> FREE_ON_RESUME = List.of(EPOCHS, MAX_MINUTES, MAX_ITERATIONS,
            EVAL_EVERY, CHECKPOINT_EVERY, SAMPLE_LENGTH, KEEP_LAST, KEEP_BEST, LEASE_SECONDS, PREFETCH,
            WINDOW_CACHE, LSTM_KERNEL, ENGINE, TRAINING_APPROACH);

    private final Map<String, Object> values;
    private final Map<String, String> sources;

    private TrainingConfig(Map<String, Object> values, Map<String, String> sources) {
        this.values = Collections.unmodifiableMap(values);
        this.sources = Collections.unmodifiableMap(sources);
    }

    /** @return the configuration holding every default */
    public static TrainingConfig defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (ConfigParam<?> p : PARAMS) {
            values.put(p.name(), p.defaultValue());
            sources.put(p.name(), SOURCE_DEFAULT);
        }
        return new TrainingConfig(values, sources);
    }

    /**
     * Returns a copy with some values replaced.
     *
     * @param overrides key to value as text; keys as in {@link #PARAMS}
     * @param source where the values come from (a file name, "command line")
     * @return the new configuration
     * @throws ConfigException naming the key if a key is unknown or a value malformed or out of range
     */
    public TrainingConfig with(Map<String, String> overrides, String source) {
        Map<String, Object> newValues = new LinkedHashMap<>(values);
        Map<String, String> newSources = new LinkedHashMap<>(sources);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            ConfigParam<?> p = param(e.getKey());
            newValues.put(p.name(), p.parse(e.getValue()));
            newSources.put(p.name(), source);
        }
        return new TrainingConfig(newValues, newSources);
    }

    /**
     * Takes the network's shape from a checkpoint's configuration: each {@link #ARCHITECTURE} key left at its
     * default here gets the checkpoint's value.
     *
     * @param saved the checkpoint's configuration
     * @return the merged configuration
     * @throws ConfigException naming the key if one was set explicitly to a value other than the checkpoint's
     */
    public TrainingConfig withArchitectureOf(TrainingConfig saved) {
        return taking(saved, ARCHITECTURE, "the checkpoint's model has", "a run cannot change its model's shape "
                + "(use a new --output)");
    }

    /**
     * Takes what decides the model, the data order and the split from the checkpoint a run resumes: every key
     * but {@link #FREE_ON_RESUME} left at its default here gets the checkpoint's value.
     *
     * @param saved the checkpoint's configuration
     * @return the merged configuration
     * @throws ConfigException naming the key, its saved and its new value, if one was set to another value
     */
    public TrainingConfig forResumeOf(TrainingConfig saved) {
        return taking(saved, PARAMS.stream().filter(p -> !FREE_ON_RESUME.contains(p)).toList(),
                "the run being resumed has", "resuming with another value would train on other data, in another "
                        + "order or another model. Leave it out to resume, or use --restart or a new --output to "
                        + "train anew");
    }

    /** Each key left at its default takes the saved value; one set to another value is refused. */
    private TrainingConfig taking(TrainingConfig saved, List<ConfigParam<?>> keys, String theirsAre, String why) {
        Map<String, Object> newValues = new LinkedHashMap<>(values);
        Map<String, String> newSources = new LinkedHashMap<>(sources);
        for (ConfigParam<?> p : keys) {
            Object mine = values.get(p.name());
            Object theirs = saved.values.get(p.name());
            if (SOURCE_DEFAULT.equals(sources.get(p.name()))) {
                newValues.put(p.name(), theirs);
                newSources.put(p.name(), "checkpoint");
            } else if (!mine.equals(theirs)) {
                throw new ConfigException(p.name(), "is " + text(p) + " (" + sources.get(p.name()) + ") but "
                        + theirsAre + " " + saved.text(p) + "; " + why);
            }
        }
        return new TrainingConfig(newValues, newSources);
    }

    /**
     * Reads key=value pairs in {@link Properties} form.
     *
     * @param reader the text
     * @return the pairs, keys trimmed
     * @throws IOException if the text cannot be read
     */
    public static Map<String, String> readProperties(Reader reader) throws IOException {
        Properties props = new Properties();
        props.load(reader);
        Map<String, String> map = new TreeMap<>();
        for (String k : props.stringPropertyNames()) {
            map.put(k.trim(), props.getProperty(k));
        }
        return map;
    }

    /**
     * Parses a configuration saved by {@link #toPropertiesText()}.
     *
     * @param text the saved text
     * @param source where it came from
     * @return the configuration
     */
    public static TrainingConfig fromPropertiesText(String text, String source) {
        try {
            return defaults().with(readProperties(new StringReader(text)), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name a key
     * @return its parameter
     * @throws ConfigException if no parameter has that name
     */
    public static ConfigParam<?> param(String name) {
        for (ConfigParam<?> p : PARAMS) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new ConfigException(name, "unknown configuration key; known keys: "
                + PARAMS.stream().map(ConfigParam::name).toList());
    }

    /**
     * @param param a parameter of {@link #PARAMS}
     * @param <T> its type
     * @return its value
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigParam<T> param) {
        return (T) values.get(param.name());
    }

    /**
     * @param param a parameter of {@link #PARAMS}
     * @return where its value came from
     */
    public String source(ConfigParam<?> param) {
        return sources.get(param.name());
    }

    /** @return every key and its value as text, in {@link #PARAMS} order */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (ConfigParam<?> p : PARAMS) {
            map.put(p.name(), text(p));
        }
        return map;
    }

    /**
     * @return one line per key: its value, where the value came from, and what the key does (for
     *         {@code train --print-config})
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (ConfigParam<?> p : PARAMS) {
            sb.append(String.format(Locale.ROOT, "%-20s = %-10s  [%s]  %s%n", p.name(), text(p),
                    sources.get(p.name()), p.description()));
        }
        return sb.toString();
    }

    /** @return every value as {@code key=value} lines, in {@link #PARAMS} order */
    public String toPropertiesText() {
        StringWriter w = new StringWriter();
        for (ConfigParam<?> p : PARAMS) {
            w.write(p.name() + "=" + text(p) + "\n");
        }
        return w.toString();
    }

    /** @return a key's value as a configuration writes it */
    private <T> String text(ConfigParam<T> p) {
        return p.format(get(p));
    }

    /** @return the families and what each is, as the {@code model} key's description lists them */
    private static String familiesDescribed() {
        StringBuilder sb = new StringBuilder();
        ModelFamily[] families = ModelFamily.values();
        for (int i = 0; i < families.length; i++) {
            sb.append(i == 0 ? "" : i == families.length - 1 ? " or " : ", ").append(families[i].key())
                    .append(" (").append(families[i].description()).append(")");
        }
        return sb.toString();
    }

    /** @return the number of recurrent layers */
    public int layers() {
        return get(LAYERS);
    }

    /** @return units per recurrent layer */
    public int hiddenSize() {
        return get(HIDDEN_SIZE);
    }

    /** @return tokens per training window */
    public int sequenceLength() {
        return get(SEQUENCE_LENGTH);
    }

    /** @return windows per minibatch */
    public int batchSize() {
        return get(BATCH_SIZE);
    }

    /** @return the corpus format, with its bad-input policy and MIDI options */
    public CorpusFormat corpusFormat() {
        return CorpusFormats.of(get(FORMAT), get(ON_BAD_INPUT),
                new MidiOptions("keep".equals(get(DRUMS)), "apply".equals(get(SUSTAIN)), get(MAX_FILE_TOKENS)));
    }

    /** @return the model family */
    public ModelFamily family() {
        return get(MODEL);
    }

    /** @return the network the run trains (for a mixture, its {@code of}), or null for the Markov chain alone */
    public NetworkKind networkKind() {
        return family() == ModelFamily.MIXTURE ? get(OF) : family().network();
    }

    /** @return the run's seed */
    public long seed() {
        return get(SEED);
    }

    @Override
    public String toString() {
        return toPropertiesText();
    }
}
