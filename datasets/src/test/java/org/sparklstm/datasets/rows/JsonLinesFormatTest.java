package org.sparklstm.datasets.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.window.SplitAssigner;

/** JSON Lines rows become documents; every row that gives no text is counted by kind, with its identity. */
class JsonLinesFormatTest {
    private static final String FILE = "hdfs://nn/corpora/dump.jsonl";

    private static JsonLinesFormat format(BadInputPolicy policy, String text, String id, long maxRow) {
        return new JsonLinesFormat(policy, new RowOptions(text, id, maxRow));
    }

    private static String text(Document d) {
        return new String(d.symbols(), 0, d.symbols().length);
    }

    @Test
    void eachRowIsADocumentNamedByItsFileAndBytePosition() {
        String lines = "{\"text\":\"Call me Ishmael.\"}\r\n\n   \n{\"text\":\"caf\u00e9 \ud834\udd1e\",\"n\":2}\n";
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        ParsedFile parsed = format(BadInputPolicy.FAIL, "text", "", 1 << 20).parse(FILE, bytes);
        List<Document> docs = parsed.documents();
        assertEquals(2, docs.size(), "blank lines are not rows");
        assertEquals("Call me Ishmael.", text(docs.get(0)));
        assertEquals("caf\u00e9 \ud834\udd1e", text(docs.get(1)), "a code point beyond the BMP is one symbol");
        assertEquals(6, docs.get(1).symbols().length);
        assertEquals(FILE + "#row=0", docs.get(0).source());
        assertEquals(FILE + "#row=" + lines.indexOf("{\"text\":\"caf"), docs.get(1).source());
        assertEquals(0, docs.get(1).offset(), "windows count from the row's start");
        assertEquals(0, parsed.badRows().total());
        assertEquals(2, parsed.summary().documentCount(), "the count survives the summary");
    }

    @Test
    void aPartsRowsAreNamedByTheirPositionInTheFile() {
        byte[] part = "{\"text\":\"a\"}\n{\"text\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        ParsedFile parsed = format(BadInputPolicy.FAIL, "text", "", 1 << 20).parsePart(FILE, 4_000_000, part);
        assertEquals(FILE + "#row=4000000", parsed.documents().get(0).source());
        assertEquals(FILE + "#row=4000013", parsed.documents().get(1).source());
    }

    @Test
    void dottedNamesReachIntoNestedObjectsUnlessAFieldHasTheName() {
        String lines = "{\"meta\":{\"body\":\"nested\"}}\n{\"meta.body\":\"literal\",\"meta\":{\"body\":\"no\"}}\n"
                + "{\"meta\":\"flat\"}\n";
        ParsedFile parsed = format(BadInputPolicy.FAIL, "meta.body", "", 1 << 20)
                .parse(FILE, lines.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("nested", "literal"), parsed.documents().stream().map(JsonLinesFormatTest::text).toList());
        assertEquals(1, parsed.badRows().count(BadRows.Kind.MISSING), "a string has no field inside");
    }

    @Test
    void anIdentityColumnNamesRowsWhereverTheyAreStored() {
        String lines = "{\"id\":\"books/moby#1\",\"text\":\"x\"}\n{\"id\":42,\"text\":\"y\"}\n{\"text\":\"z\"}\n";
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        JsonLinesFormat format = format(BadInputPolicy.FAIL, "text", "id", 1 << 20);
        List<Document> here = format.parse(FILE, bytes).documents();
        List<Document> moved = format.parsePart("s3a://other/elsewhere.jsonl", 999, bytes).documents();
        assertEquals("id=books%2Fmoby#1", here.get(0).source(), "a slash in an id is encoded");
        assertEquals("id=42", here.get(1).source(), "a numeric id is its digits");
        assertEquals(FILE + "#row=" + lines.indexOf("{\"text\":\"z"), here.get(2).source(),
                "a row without an id falls back to its position");
        SplitAssigner split = new SplitAssigner(0.3, SplitAssigner.Unit.FILE);
        for (int i = 0; i < 2; i++) {
            assertEquals(here.get(i).source(), moved.get(i).source());
            assertEquals(split.isValidation(here.get(i).source(), 0), split.isValidation(moved.get(i).source(), 0));
        }
    }

    @Test
    void everyKindOfBadRowIsCountedWithExamplesAndNoneIsFatal() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] rows = {
            "{\"text\":\"good\"}", "not json at all", "[\"an\",\"array\"]", "{\"text\":\"trunc", "{\"other\":1}",
            "{\"text\":null}", "{\"text\":17}", "{\"text\":{\"a\":1}}", "{\"text\":[\"x\"]}", "{\"text\":true}",
            "{\"text\":\"\"}", "{\"text\":\"" + "w".repeat(200) + "\"}", "{\"text\":\"also good\"}"};
        for (String r : rows) {
            out.write(r.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.write("{\"text\":\"Caf".getBytes(StandardCharsets.UTF_8));
        out.write(0xE9);
        out.write("\"}\n".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();

        ParsedFile skip = format(BadInputPolicy.SKIP, "text", "", 100).parse(FILE, bytes);
        assertEquals(List.of("good", "also good"), skip.documents().stream().map(JsonLinesFormatTest::text).toList());
        BadRows bad = skip.badRows();
        assertEquals(Map.of("malformed", 3L, "missing", 1L, "null", 1L, "not-a-string", 4L, "empty", 1L,
                "oversized", 1L, "invalid-utf8", 1L), bad.counts());
        assertEquals(12, bad.total());
        assertEquals(List.of(FILE + "#row=" + offset(rows, 1), FILE + "#row=" + offset(rows, 2),
                FILE + "#row=" + offset(rows, 3)), bad.examples().get("malformed"));
        assertEquals(BadRows.EXAMPLES, bad.examples().get("not-a-string").size(), "a few examples, not all");

        ParsedFile replace = format(BadInputPolicy.REPLACE, "text", "", 100).parse(FILE, bytes);
        assertEquals("Caf\ufffd", text(replace.documents().get(2)));
        assertEquals(1, replace.replaced());
        assertEquals(0, replace.badRows().count(BadRows.Kind.INVALID_UTF8));

        CorpusException e = assertThrows(CorpusException.class,
                () -> format(BadInputPolicy.FAIL, "text", "", 100).parse(FILE, bytes));
        assertTrue(e.getMessage().contains(FILE) && e.getMessage().contains("row at byte "
                + offset(rows, rows.length)), e.getMessage());
    }

    @Test
    void badRowsOfTwoPartsAddUpAndKeepAFewExamples() {
        BadRows.Tally a = new BadRows.Tally();
        BadRows.Tally b = new BadRows.Tally();
        for (int i = 0; i < 2; i++) {
            a.add(BadRows.Kind.NULL, "a" + i);
            b.add(BadRows.Kind.NULL, "b" + i);
        }
        b.add(BadRows.Kind.EMPTY, "b-empty");
        BadRows both = a.done().merge(b.done());
        assertEquals(Map.of("null", 4L, "empty", 1L), both.counts());
        assertEquals(List.of("a0", "a1", "b0"), both.examples().get("null"));
    }

    /** @return the byte position of row {@code i} when each row is followed by one newline */
    private static int offset(String[] rows, int i) {
        int at = 0;
        for (int k = 0; k < i; k++) {
            at += rows[k].getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return at;
    }
}
