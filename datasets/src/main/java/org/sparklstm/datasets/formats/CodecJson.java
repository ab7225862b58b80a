package org.sparklstm.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import org.sparklstm.datasets.codec.ByteCodec;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.midi.PerformanceCodec;
import org.sparklstm.datasets.series.SeriesCodec;
import org.sparklstm.datasets.series.SeriesTransform;

/**
 * The versioned JSON form of a codec, as stored in checkpoints:
 * {@code {"format_version":1,"kind":"characters","code_points":[101,32,...]}}, or
 * {@code {"format_version":1,"kind":"performance"}} and {@code {"format_version":1,"kind":"bytes"}} for the fixed
 * MIDI performance and byte codecs, and
 * {@code {"format_version":1,"kind":"series","transform":"log-returns","edges":[...],"values":[...]}} for a
 * series' bins.
 */
public final class CodecJson {
    /** The version of the JSON form this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CodecJson() {
    }

    /**
     * @param codec the codec to write
     * @return its JSON form
     */
    public static String write(SequenceCodec codec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("kind", codec.kind());
        if (codec instanceof CharacterCodec) {
            ArrayNode points = root.putArray("code_points");
            for (int cp : ((CharacterCodec) codec).codePoints()) {
                points.add(cp);
            }
        } else if (codec instanceof SeriesCodec series) {
            root.put("transform", series.transform().key());
            ArrayNode edges = root.putArray("edges");
            Arrays.stream(series.edges()).forEach(edges::add);
            ArrayNode values = root.putArray("values");
            Arrays.stream(series.values()).forEach(values::add);
        } else if (!(codec instanceof PerformanceCodec) && !(codec instanceof ByteCodec)) {
            throw new IllegalArgumentException("no JSON form for codec kind " + codec.kind());
        }
        return root.toString();
    }

    /**
     * @param json a codec's JSON form
     * @return the codec
     * @throws IOException if the JSON is malformed, of an unknown version or kind
     */
    public static SequenceCodec read(String json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        int version = root.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IOException("unsupported codec format_version " + version + " (this build reads "
                    + FORMAT_VERSION + ")");
        }
        String kind = root.path("kind").asText();
        if (PerformanceCodec.KIND.equals(kind)) {
            return new PerformanceCodec();
        }
        if (ByteCodec.KIND.equals(kind)) {
            return new ByteCodec();
        }
        if (SeriesCodec.KIND.equals(kind)) {
            return series(root);
        }
        if (!CharacterCodec.KIND.equals(kind)) {
            throw new IOException("unknown codec kind '" + kind + "'");
        }
        JsonNode points = root.path("code_points");
        if (!points.isArray()) {
            throw new IOException("codec JSON lacks the code_points array");
        }
        int[] cps = new int[points.size()];
        for (int i = 0; i < cps.length; i++) {
            cps[i] = points.get(i).asInt();
        }
        return new CharacterCodec(cps);
    }

    private static SeriesCodec series(JsonNode root) throws IOException {
        JsonNode edges = root.path("edges");
        JsonNode values = root.path("values");
        if (!edges.isArray() || !values.isArray()) {
            throw new IOException("series codec JSON lacks the edges or values array");
        }
        try {
            return new SeriesCodec(SeriesTransform.of(root.path("transform").asText()), doubles(edges),
                    doubles(values));
        } catch (IllegalArgumentException e) {
            throw new IOException("series codec JSON: " + e.getMessage(), e);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
