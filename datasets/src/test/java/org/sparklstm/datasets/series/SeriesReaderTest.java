package org.sparklstm.datasets.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.CorpusException;
import org.sparklstm.datasets.corpus.BadRows;

/** CSV files into series: R's own output, a long file with a key, and every kind of bad cell. */
class SeriesReaderTest {
    private static SeriesOptions options(List<String> values, String time, String key, SeriesTransform t) {
        return new SeriesOptions(values, time, key, t, 32);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SeriesReaderTest.class.getResourceAsStream("/series/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void rsEuStockMarketsGivesFourSeriesOfTheirClosesInTimeOrder() throws IOException {
        SeriesReader.Read read = new SeriesReader(options(List.of(), "time", "", SeriesTransform.LOG_RETURNS))
                .read("hdfs://nn/data/eustockmarkets.csv", resource("eustockmarkets.csv"));
        assertEquals(List.of("hdfs://nn/data/eustockmarkets.csv#DAX", "hdfs://nn/data/eustockmarkets.csv#SMI",
                "hdfs://nn/data/eustockmarkets.csv#CAC", "hdfs://nn/data/eustockmarkets.csv#FTSE"),
                read.series().stream().map(Series::name).toList());
        double[] dax = read.series().get(0).levels();
        assertEquals(1860, dax.length);
        assertEquals(1628.75, dax[0]);
        assertEquals(1613.63, dax[1]);
        assertEquals(0, read.bad().total(), read.bad().counts().toString());
    }

    @Test
    void isoDatesOrderTheRowsAndAKeyColumnSplitsSeries() {
        String csv = "ticker,day,close,volume\n"
                + "B,2024-01-03,20.5,7\nA,2024-01-02,10,100\nA,2024-01-03,11,90\nB,2024-01-02,20,5\n"
                + "A,2024-01-01,9,80\nB/X,2024-01-01,1,2\nB/X,2024-01-02,2,2\n";
        SeriesReader.Read read = new SeriesReader(options(List.of("close"), "day", "ticker", SeriesTransform.LEVELS))
                .read("/d/prices.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("/d/prices.csv#B:close", "/d/prices.csv#A:close", "/d/prices.csv#B%2FX:close"),
                read.series().stream().map(Series::name).toList());
        assertArrayEquals(new double[] {20, 20.5}, read.series().get(0).levels());
        assertArrayEquals(new double[] {9, 10, 11}, read.series().get(1).levels());
        assertEquals(2, read.bad().count(BadRows.Kind.UNSORTED_TIME), "B's 01-02 after 01-03, A's 01-01 after 01-03");
    }

    @Test
    void badCellsAreCountedWithTheirRowsAndNeverEndTheRead() {
        String csv = "t,x,flat,y\n"
                + "1,100,5,1\n2,abc,5,2\n3,,5,3\n4,NA,5,-1\n5,105,5,4\n"
                + "6,106,5\n" // one cell short
                + "seven,107,5,5\n0.5,99,5,6\n8,0,5,7\n9,108,5,8\n";
        SeriesReader.Read read = new SeriesReader(options(List.of(), "t", "", SeriesTransform.LOG_RETURNS))
                .read("/d/bad.csv", csv.getBytes(StandardCharsets.UTF_8));
        BadRows bad = read.bad();
        assertEquals(2, bad.count(BadRows.Kind.NOT_A_NUMBER), "abc, and the time seven: " + bad.examples());
        assertEquals(1, bad.count(BadRows.Kind.MALFORMED), bad.examples().toString());
        assertEquals(2, bad.count(BadRows.Kind.GAP), bad.examples().toString());
        assertEquals(1, bad.count(BadRows.Kind.UNSORTED_TIME), "0.5 after 5... once seven is left out");
        assertEquals(2, bad.count(BadRows.Kind.NON_POSITIVE), "x's 0 and y's -1 under log returns");
        assertEquals(1, bad.count(BadRows.Kind.CONSTANT_SERIES), "flat");
        assertTrue(bad.examples().get("not-a-number").get(0).contains("bad.csv row 3 (x): 'abc'"),
                bad.examples().toString());
        assertTrue(bad.examples().get("malformed").get(0).startsWith("bad.csv row 7"), bad.examples().toString());
        assertEquals(List.of("/d/bad.csv#x", "/d/bad.csv#y"), read.series().stream().map(Series::name).toList());
        assertArrayEquals(new double[] {99, 100, 105, 108}, read.series().get(0).levels(), "sorted by t, bad cells out");
    }

    @Test
    void aMissingColumnOrAFileThatIsNotCsvIsRefusedNamingWhatItHas() {
        CorpusException e = assertThrows(CorpusException.class, () -> new SeriesReader(
                options(List.of("close"), "", "", SeriesTransform.LEVELS)).read("/d/p.csv",
                "day,open\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/d/p.csv", e.source());
        assertTrue(e.problem().contains("no column 'close'") && e.problem().contains("[day, open]"), e.problem());
        CorpusException quote = assertThrows(CorpusException.class, () -> new SeriesReader(
                options(List.of(), "", "", SeriesTransform.LEVELS)).read("/d/q.csv",
                "a,b\n1,\"2\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(quote.problem().startsWith("not a CSV file"), quote.problem());
    }

    @Test
    void transformsTurnBackIntoTheirLevels() {
        double[] levels = {100, 102, 99.5, 101};
        for (SeriesTransform t : SeriesTransform.values()) {
            double[] steps = t.apply(levels);
            assertEquals(levels.length - t.lag(), steps.length);
            double level = levels[0];
            for (int i = 0; i < steps.length; i++) {
                level = t.level(level, steps[i]);
                assertEquals(levels[i + t.lag()], level, 1e-9, t + " step " + i);
            }
            assertEquals(t, SeriesTransform.of(t.key()));
        }
    }
}
