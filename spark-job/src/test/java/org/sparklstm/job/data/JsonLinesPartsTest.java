package org.sparklstm.job.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.BadRows;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.rows.JsonLinesFormat;
import org.sparklstm.datasets.rows.RowOptions;
import org.sparklstm.job.JsonLinesScript;

/**
 * A JSON Lines file written by a Python script (with bad rows of every kind mixed in) gives the same rows whether
 * it is read whole, in parts cut at line ends of any size, or decompressed from gzip and bzip2 (Python's modules)
 * and Zstandard (the zstd tool): no row lost or read twice, every bad row counted once.
 */
class JsonLinesPartsTest {
    private static final long MAX_ROW = 1 << 20;

    @TempDir
    static Path tmp;
    static Map<String, Object> manifest;
    static final Configuration CONF = new Configuration();

    @BeforeAll
    static void write() throws Exception {
        manifest = JsonLinesScript.write(tmp, 3);
        Process zstd = new ProcessBuilder("zstd", "-q", "-k", tmp.resolve("verses.jsonl").toString(), "-o",
                tmp.resolve("verses.jsonl.zst").toString()).inheritIO().start();
        assertEquals(0, zstd.waitFor(), "the zstd tool (Debian's zstd) compresses the file");
    }

    private static JsonLinesFormat format(String id) {
        return new JsonLinesFormat(BadInputPolicy.SKIP, new RowOptions("text", id, MAX_ROW));
    }

    /** @return each row's identity and text, and the bad rows, of all the parts read */
    private static Map<String, String> read(List<FileRange> ranges, JsonLinesFormat format, BadRows[] bad) {
        Map<String, String> rows = new TreeMap<>();
        BadRows all = BadRows.NONE;
        for (FileRange r : ranges) {
            FileRead read = FileRead.of(r, CONF, format, 16 << 20);
            assertEquals(null, read.content().skipReason(), r.source() + " from " + r.start());
            for (Document d : read.content().documents()) {
                String before = rows.put(d.source(), new String(d.symbols(), 0, d.symbols().length));
                assertEquals(null, before, "row " + d.source() + " read twice");
            }
            all = all.merge(read.content().badRows());
        }
        bad[0] = all;
        return rows;
    }

    /** Compares rows without printing thousands of them. */
    private static void assertSameRows(Map<String, String> expected, Map<String, String> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": rows");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), what + ": row " + e.getKey());
        }
    }

    private static FileStatus status(String name) throws IOException {
        return FileSystem.getLocal(CONF).getFileStatus(new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri()));
    }

    @Test
    void partsOfAnySizeReadEveryRowOnce() throws IOException {
        for (String id : new String[] {"", "id"}) {
            JsonLinesFormat format = format(id);
            BadRows[] wholeBad = new BadRows[1];
            Map<String, String> whole = read(List.of(FileRange.whole(status("verses.jsonl").getPath().toString())),
                    format, wholeBad);
            assertEquals(((Number) manifest.get("good_rows")).longValue(), whole.size());
            assertEquals(JsonLinesScript.badRows(manifest), new TreeMap<>(wholeBad[0].counts()),
                    "every bad row the script wrote is counted, by kind");
            for (long split : new long[] {4099, 65_536, 600_000}) {
                List<FileRange> parts = FileRange.plan(List.of(status("verses.jsonl")), format, split, CONF);
                assertTrue(parts.size() > 3, "split " + split + " gives parts");
                BadRows[] bad = new BadRows[1];
                assertSameRows(whole, read(parts, format, bad), "split " + split + ", id column '" + id + "'");
                assertEquals(wholeBad[0].counts(), bad[0].counts(), "split " + split);
            }
        }
    }

    @Test
    void compressedCopiesGiveTheSameRows() throws IOException {
        JsonLinesFormat format = format("id");
        BadRows[] plainBad = new BadRows[1];
        Map<String, String> plain = read(List.of(FileRange.whole(status("verses.jsonl").getPath().toString())),
                format, plainBad);
        for (String name : new String[] {"verses.jsonl.gz", "verses.jsonl.bz2", "verses.jsonl.zst"}) {
            List<FileRange> ranges = FileRange.plan(List.of(status(name)), format, 4099, CONF);
            assertEquals(1, ranges.size(), name + " is compressed, so it is read whole");
            BadRows[] bad = new BadRows[1];
            assertSameRows(plain, read(ranges, format, bad), name);
            assertEquals(plainBad[0].counts(), bad[0].counts(), name);
        }
    }
}
