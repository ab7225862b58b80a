package org.sparklstm.core.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
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
import org.sparklstm.datasets.formats.CorpusFormats;
import org.sparklstm.datasets.midi.MidiFormat;
import org.sparklstm.datasets.midi.MidiOptions;
import org.sparklstm.datasets.rows.RowOptions;
import org.sparklstm.datasets.series.SeriesOptions;
import org.sparklstm.datasets.rows.TableFormat;

/**
 * The one immutable, validated configuration of a training run and its model.
 *
 * <p>Every key is a {@link ConfigParam} with its default, range and description, defined in its group
 * ({@link ModelKeys}, {@link DataKeys}, {@link RunKeys}, {@link SparkKeys}) and listed in {@link #PARAMS}, the one
 * registry.
 * Values come from the defaults, then a properties file ({@code --config}), then command-line options,
 * each layer overriding the one before; every value remembers its source. A component receives the typed group
 * it needs, built from here once ({@code NetworkSpec} for the network factory, {@code SparkTraining} for the round
 * fitters, {@code Schedule} for the training loop, {@code ReadLimits} for the corpus readers); the whole
 * configuration goes where it is saved or shown (checkpoints, reports, {@code --print-config}) and where a run is
 * put together.
 */
public final class TrainingConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a value came from when it was not set. */
    public static final String SOURCE_DEFAULT = "default";

    /** The keys' groups, in the order they are documented. */
    public static final List<KeyGroup> GROUPS = List.of(ModelKeys.GROUP, DataKeys.GROUP, RunKeys.GROUP,
            SparkKeys.GROUP);

    /** Every key, group by group. */
    public static final List<ConfigParam<?>> PARAMS = GROUPS.stream()
            .flatMap(g -> g.keys().stream()).toList();

    /** The keys that define a network's shape: a resumed or fine-tuned run takes them from its checkpoint. */
    public static final List<ConfigParam<?>> ARCHITECTURE = List.of(ModelKeys.MODEL, ModelKeys.OF, ModelKeys.ORDER,
            DataKeys.FORMAT, ModelKeys.LAYERS, ModelKeys.HIDDEN_SIZE, DataKeys.SERIES_TRANSFORM,
            DataKeys.SERIES_BINS);

    /**
     * The keys a resumed run may change: budgets, intervals, sampling, retention, the lease and how (not what)
     * it computes. Every other key decides the model, the data order or the split, so a resume takes it from the
     * checkpoint and refuses a different value.
     */
    public static final List<ConfigParam<?>> FREE_ON_RESUME = List.of(RunKeys.EPOCHS, RunKeys.MAX_MINUTES,
            RunKeys.MAX_ITERATIONS, RunKeys.EVAL_EVERY, RunKeys.EVAL_SHARE, RunKeys.MIN_EVALUATIONS, RunKeys.CHECKPOINT_EVERY,
            RunKeys.SAMPLE_LENGTH, RunKeys.KEEP_LAST, RunKeys.KEEP_BEST, RunKeys.LEASE_SECONDS, SparkKeys.PREFETCH,
            SparkKeys.WINDOW_CACHE, ModelKeys.LSTM_KERNEL, SparkKeys.ENGINE, SparkKeys.TRAINING_APPROACH);

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
     * A time budget given without an epoch count is spent: {@code train --max-minutes M} trains until the budget
     * (or early stopping) ends it, not for the default epochs.
     *
     * @return this configuration, with {@link RunKeys#UNBOUNDED_EPOCHS} epochs when {@code max-minutes} is set and
     *         {@code epochs} is left at its default
     */
    public TrainingConfig spendingTheBudget() {
        if (get(RunKeys.MAX_MINUTES) > 0 && SOURCE_DEFAULT.equals(source(RunKeys.EPOCHS))) {
            return with(Map.of(RunKeys.EPOCHS.name(), String.valueOf(RunKeys.UNBOUNDED_EPOCHS)),
                    "max-minutes without epochs");
        }
        return this;
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

    /** @return the number of recurrent layers */
    public int layers() {
        return get(ModelKeys.LAYERS);
    }

    /** @return units per recurrent layer */
    public int hiddenSize() {
        return get(ModelKeys.HIDDEN_SIZE);
    }

    /** @return tokens per training window */
    public int sequenceLength() {
        return get(ModelKeys.SEQUENCE_LENGTH);
    }

    /** @return windows per minibatch */
    public int batchSize() {
        return get(ModelKeys.BATCH_SIZE);
    }

    /** @return the corpus format, with its bad-input policy, MIDI, row and series options */
    public CorpusFormat corpusFormat() {
        String format = get(DataKeys.FORMAT);
        ConfigParam<String> content = format.equals(TableFormat.NAME) ? DataKeys.TEXT_COLUMN
                : format.equals(MidiFormat.NAME) ? DataKeys.BINARY_COLUMN : DataKeys.TEXT_FIELD;
        return CorpusFormats.of(format, get(DataKeys.ON_BAD_INPUT),
                new MidiOptions(get(DataKeys.DRUMS), get(DataKeys.SUSTAIN), get(DataKeys.MAX_FILE_TOKENS)),
                new RowOptions(get(content), get(DataKeys.ID_COLUMN), (long) get(DataKeys.MAX_FILE_MB) << 20),
                new SeriesOptions(get(DataKeys.VALUE_COLUMNS).isEmpty() ? List.of()
                        : Arrays.stream(get(DataKeys.VALUE_COLUMNS).split(",")).map(String::strip).toList(),
                        get(DataKeys.TIME_COLUMN), get(DataKeys.SERIES_KEY), get(DataKeys.SERIES_TRANSFORM),
                        get(DataKeys.SERIES_BINS)));
    }

    /** @return the model family */
    public ModelFamily family() {
        return get(ModelKeys.MODEL);
    }

    /** @return the network the run trains (for a mixture, its {@code of}), or null for the Markov chain alone */
    public NetworkKind networkKind() {
        return family().isMixture() ? get(ModelKeys.OF) : family().network();
    }

    /** @return the run's seed */
    public long seed() {
        return get(ModelKeys.SEED);
    }

    @Override
    public String toString() {
        return toPropertiesText();
    }
}
