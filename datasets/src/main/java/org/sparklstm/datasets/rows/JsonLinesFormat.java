package org.sparklstm.datasets.rows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.corpus.PartBoundary;
import org.sparklstm.datasets.corpus.RowIdentity;
import org.sparklstm.datasets.text.TextDecoder;

/**
 * JSON Lines ({@code .jsonl}, {@code .json}, one JSON object per line, as most public text corpora ship): each
 * line is a row, and the text in its text field is one document of Unicode code points, coded like plain text.
 * A large file is cut into parts at line ends, so that separate tasks read it. Rows that give no text (not JSON,
 * no such field, null, not a string, empty, too large, invalid UTF-8 under {@code --on-bad-input skip}) are
 * counted in {@link BadRows}, never fatal; blank lines are not rows.
 */
public final class JsonLinesFormat extends RowsFormat {
    private static final long serialVersionUID = 1L;

    /** The format's name. */
    public static final String NAME = "jsonl";

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());

    /**
     * @param policy what to do with a row that is not valid UTF-8
     * @param options the text and identity fields, and the size limit
     */
    public JsonLinesFormat(BadInputPolicy policy, RowOptions options) {
        super(policy, options);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return LINE: a part holds the rows that start in it */
    @Override
    public PartBoundary partBoundary() {
        return PartBoundary.LINE;
    }

    @Override
    public ParsedFile parse(String source, byte[] bytes) {
        return parsePart(source, 0, bytes);
    }

    @Override
    public ParsedFile parsePart(String source, long base, byte[] bytes) {
        List<Document> documents = new ArrayList<>();
        BadRows.Tally bad = new BadRows.Tally();
        long replaced = 0;
        int start = base == 0 && TextDecoder.hasUtf8Bom(bytes) ? 3 : 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int length = end - start - (end > start && bytes[end - 1] == '\r' ? 1 : 0);
            if (!blank(bytes, start, length)) {
                long position = base + start;
                String row = RowIdentity.atPosition(source, position);
                if (length > options().maxRowBytes()) {
                    bad.add(BadRows.Kind.OVERSIZED, row);
                } else {
                    replaced += row(source, position, row, bytes, start, length, documents, bad);
                }
            }
            start = end + 1;
        }
        return ParsedFile.read(documents, replaced, bad.done());
    }

    /** Reads one row into a document or a bad row; @return the malformed sequences replaced in it. */
    private long row(String source, long position, String row, byte[] bytes, int start, int length,
                     List<Document> documents, BadRows.Tally bad) {
        TextDecoder.Decoded line;
        try {
            line = TextDecoder.decodeUtf8(bytes, start, length, source, policy());
        } catch (CorpusException e) {
            if (policy() == BadInputPolicy.FAIL) {
                throw new CorpusException(source, "invalid UTF-8 in the row at byte " + position + "; convert "
                        + "the file to UTF-8 or use --on-bad-input replace or skip");
            }
            bad.add(BadRows.Kind.INVALID_UTF8, row);
            return 0;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line.text());
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            bad.add(BadRows.Kind.MALFORMED, row);
            return line.replaced();
        }
        String identity = identity(node, row);
        JsonNode value = field(node, options().textField());
        if (value == null || value.isMissingNode()) {
            bad.add(BadRows.Kind.MISSING, identity);
        } else if (value.isNull()) {
            bad.add(BadRows.Kind.NULL, identity);
        } else if (!value.isTextual()) {
            bad.add(BadRows.Kind.NOT_A_STRING, identity);
        } else {
            RowText.add(identity, value.textValue(), options().maxRowBytes(), documents, bad);
        }
        return line.replaced();
    }

    /** @return the row's identity: its id field's value, or (without one) its file and position */
    private String identity(JsonNode node, String byPosition) {
        if (options().idField().isEmpty()) {
            return byPosition;
        }
        JsonNode id = field(node, options().idField());
        if (id == null || id.isMissingNode() || id.isNull()) {
            return byPosition;
        }
        return RowIdentity.ofId(id.isValueNode() ? id.asText() : id.toString());
    }

    /** @return the field named as written, else the one a dotted name reaches, else null */
    private static JsonNode field(JsonNode object, String name) {
        JsonNode literal = object.get(name);
        if (literal != null || name.indexOf('.') < 0) {
            return literal;
        }
        JsonNode node = object;
        for (String part : name.split("\\.", -1)) {
            node = node.isObject() ? node.get(part) : null;
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static boolean blank(byte[] bytes, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
