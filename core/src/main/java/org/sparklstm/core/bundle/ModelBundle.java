package org.sparklstm.core.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.bundle.ModelFiles;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.datasets.formats.CodecJson;
import org.sparklstm.datasets.codec.SequenceCodec;

/**
 * Everything needed to use or continue a model, without Spark: the model (a network with its updater state, a
 * Markov chain's counts, or both for a mixture; see {@link ModelFiles}), the codec, the configuration, the
 * training counters and the provenance.
 *
 * <p>Its stored form is a set of named files (see {@link #toFiles()}); {@code bundle.json} carries the
 * format version so that later builds can read or refuse older bundles knowingly. Format 2 added
 * {@value ModelFiles#MODEL_FILE} (model kinds other than the LSTM); format 1 bundles are read as LSTMs. Format 3
 * added the best validation loss so far to the state (earlier states take their last loss as the best).
 */
public final class ModelBundle {
    /** The bundle format this build writes and reads. */
    public static final int FORMAT_VERSION = 3;
    /** The oldest bundle format this build reads. */
    public static final int OLDEST_READABLE_VERSION = 1;
    /** The codec's JSON form. */
    public static final String CODEC_FILE = "codec.json";
    /** The configuration as key=value lines. */
    public static final String CONFIG_FILE = "config.properties";
    /** The training counters. */
    public static final String STATE_FILE = "state.json";
    /** What produced the model. */
    public static final String PROVENANCE_FILE = "provenance.json";
    /** The bundle's format version. */
    public static final String HEADER_FILE = "bundle.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SequenceModel model;
    private final SequenceCodec codec;
    private final TrainingConfig config;
    private final TrainingState state;
    private final Provenance provenance;

    /**
     * @param model the model (a network's updater state is saved too)
     * @param codec the codec it reads and writes
     * @param config the configuration that built and trained it
     * @param state the training counters
     * @param provenance what produced it
     */
    public ModelBundle(SequenceModel model, SequenceCodec codec, TrainingConfig config, TrainingState state,
                       Provenance provenance) {
        this.model = model;
        this.codec = codec;
        this.config = config;
        this.state = state;
        this.provenance = provenance;
    }

    /** @return the model */
    public SequenceModel model() {
        return model;
    }

    /** @return the codec */
    public SequenceCodec codec() {
        return codec;
    }

    /** @return the configuration */
    public TrainingConfig config() {
        return config;
    }

    /** @return the training counters */
    public TrainingState state() {
        return state;
    }

    /** @return what produced the model */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * @return the bundle's files, name to content, in the order they are written
     * @throws IOException if the network cannot be serialised
     */
    public Map<String, byte[]> toFiles() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        ModelFiles.write(model, files);
        files.put(CODEC_FILE, utf8(CodecJson.write(codec)));
        files.put(CONFIG_FILE, utf8(config.toPropertiesText()));
        files.put(STATE_FILE, JSON.writeValueAsBytes(state));
        files.put(PROVENANCE_FILE, JSON.writeValueAsBytes(provenance));
        files.put(HEADER_FILE, utf8("{\"format_version\": " + FORMAT_VERSION + "}\n"));
        return files;
    }

    /**
     * @param files a bundle's files as written by {@link #toFiles()}
     * @return the bundle
     * @throws UnreadableFormatException if the format version is not one this build reads
     * @throws IOException if a file is missing or malformed
     */
    public static ModelBundle fromFiles(Map<String, byte[]> files) throws IOException {
        int version = JSON.readTree(ModelFiles.require(files, HEADER_FILE)).path("format_version").asInt(-1);
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new UnreadableFormatException(version);
        }
        SequenceModel model = ModelFiles.read(files);
        SequenceCodec codec = CodecJson.read(
                new String(ModelFiles.require(files, CODEC_FILE), StandardCharsets.UTF_8));
        TrainingConfig config = TrainingConfig.fromPropertiesText(
                new String(ModelFiles.require(files, CONFIG_FILE), StandardCharsets.UTF_8), CONFIG_FILE);
        TrainingState state = JSON.readValue(ModelFiles.require(files, STATE_FILE), TrainingState.class);
        Provenance provenance = JSON.readValue(ModelFiles.require(files, PROVENANCE_FILE), Provenance.class);
        return new ModelBundle(model, codec, config, state, provenance);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
