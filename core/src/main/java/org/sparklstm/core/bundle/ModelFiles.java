package org.sparklstm.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.sparklstm.core.family.NetworkKind;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.model.markov.NgramCounts;
import org.sparklstm.core.model.mixture.MixtureModel;
import org.sparklstm.core.model.network.NeuralModel;

/**
 * A model's part of a bundle: {@value #MODEL_FILE} names its kind (and a mixture's weight), a network is
 * {@value NeuralModel#FILE} (DL4J's ModelSerializer zip with updater state), a Markov chain {@value KneserNeyModel#FILE}
 * (its n-gram counts, gzipped). A mixture stores both.
 */
public final class ModelFiles {
    /** The model's kind and, for a mixture, its weight. */
    public static final String MODEL_FILE = "model.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /**
     * @param model the model
     * @param files the bundle's files, to which the model's are added
     * @throws IOException if the model cannot be serialised
     */
    public static void write(SequenceModel model, Map<String, byte[]> files) throws IOException {
        ObjectNode header = JSON.createObjectNode().put("kind", model.kind());
        if (model instanceof MixtureModel mixture) {
            header.put("network", mixture.neural().kind()).put("weight", mixture.weight());
        }
        files.put(MODEL_FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(header));
        model.writeTo(files);
    }

    /**
     * @param files a bundle's files; without {@value #MODEL_FILE} (format 1) the model is an LSTM
     * @return the model
     * @throws IOException if a file is missing or malformed
     */
    public static SequenceModel read(Map<String, byte[]> files) throws IOException {
        byte[] headerBytes = files.get(MODEL_FILE);
        JsonNode header = headerBytes == null ? JSON.createObjectNode().put("kind", "lstm") : JSON.readTree(headerBytes);
        String kind = header.path("kind").asText();
        return switch (kind) {
            case "markov" -> markov(files);
            case "mixture" -> new MixtureModel(neural(header.path("network").asText(), files), markov(files),
                    header.path("weight").asDouble(Double.NaN));
            default -> neural(kind, files);
        };
    }

    private static NeuralModel neural(String kind, Map<String, byte[]> files) throws IOException {
        NetworkKind network;
        try {
            network = NetworkKind.of(kind);
        } catch (IllegalArgumentException e) {
            throw new IOException(MODEL_FILE + " names an unknown model kind: '" + kind + "'");
        }
        return new NeuralModel(network, ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(require(files, NeuralModel.FILE)), true));
    }

    private static KneserNeyModel markov(Map<String, byte[]> files) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(require(files, KneserNeyModel.FILE)))) {
            return new KneserNeyModel(NgramCounts.read(in));
        }
    }

    /**
     * @param files a bundle's files
     * @param name one file's name
     * @return its content
     * @throws IOException if the bundle lacks it
     */
    public static byte[] require(Map<String, byte[]> files, String name) throws IOException {
        byte[] content = files.get(name);
        if (content == null) {
            throw new IOException("bundle lacks " + name);
        }
        return content;
    }
}
