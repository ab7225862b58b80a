package org.sparklstm.datasets.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.sparklstm.datasets.codec.ByteCodec;
import org.sparklstm.datasets.codec.CharacterCodec;
import org.sparklstm.datasets.codec.SequenceCodec;
import org.sparklstm.datasets.midi.PerformanceCodec;

/**
 * The versioned JSON form of a codec, as stored in checkpoints:
 * {@code {"format_version":1,"kind":"characters","code_points":[101,32,...]}}, or
 * {@code {"format_version":1,"kind":"performance"}} and {@code {"format_version":1,"kind":"bytes"}} for the fixed
 * MIDI performance and byte codecs.
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
}
