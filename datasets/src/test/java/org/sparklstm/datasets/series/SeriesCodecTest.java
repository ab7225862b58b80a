package org.sparklstm.datasets.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparklstm.datasets.corpus.BadInputPolicy;
import org.sparklstm.datasets.corpus.Document;
import org.sparklstm.datasets.corpus.ParsedFile;
import org.sparklstm.datasets.formats.CodecJson;

/** Equal-frequency bins on real daily returns, a step that often does not move, and the codec's JSON form. */
class SeriesCodecTest {
    private static Map<Integer, Long> counts(int[]... documents) {
        Map<Integer, Long> counts = new HashMap<>();
        for (int[] d : documents) {
            for (int s : d) {
                counts.merge(s, 1L, Long::sum);
            }
        }
        return counts;
    }

    @Test
    void binsOfTheDaxsLogReturnsHoldEqualSharesAndDecodeInsideThemselves() throws IOException {
        SeriesFormat format = new SeriesFormat(BadInputPolicy.REPLACE,
                new SeriesOptions(List.of("DAX"), "time", "", SeriesTransform.LOG_RETURNS, 16));
        ParsedFile parsed = format.parse("/d/eustockmarkets.csv", SeriesReaderTest.resource("eustockmarkets.csv"));
        Document dax = parsed.documents().get(0);
        assertEquals(1859, dax.symbols().length, "one return fewer than closes");
        SeriesCodec codec = (SeriesCodec) format.newCodec(() -> counts(dax.symbols()), 10_000);
        assertEquals(16, codec.vocabularySize());
        long[] perBin = new long[16];
        for (int id : codec.encode(dax.symbols())) {
            perBin[id]++;
        }
        for (long n : perBin) {
            assertTrue(Math.abs(n - 1859 / 16.0) <= 3, "equal shares: " + java.util.Arrays.toString(perBin));
        }
        double[] edges = codec.edges();
        for (int i = 0; i < codec.vocabularySize(); i++) {
            double v = codec.step(i);
            assertEquals(i, codec.bin(v), "bin " + i + "'s value " + v + " falls in it");
            assertTrue(i == 0 || v > edges[i - 1]);
        }
        assertTrue(Math.abs(SeriesCodec.value(SeriesCodec.symbol(0.0123456)) - 0.0123456) < 0.0123456 * 1e-3,
                "symbols keep 0.1%");
        assertEquals(codec, CodecJson.read(CodecJson.write(codec)), "the JSON form round-trips");
        assertEquals(SeriesTransform.LOG_RETURNS, ((SeriesCodec) CodecJson.read(CodecJson.write(codec))).transform());
    }

    @Test
    void aStepThatOftenDoesNotMoveGetsOneBinAndTheRestShareTheOthersEvenly() {
        int[] steps = new int[1000];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = SeriesCodec.symbol(i < 500 ? 0 : i - 750);
        }
        SeriesCodec codec = SeriesCodec.fit(SeriesTransform.DIFFERENCES, counts(steps), 10);
        long zeros = 0;
        long[] perBin = new long[codec.vocabularySize()];
        for (int id : codec.encode(steps)) {
            perBin[id]++;
        }
        zeros = perBin[codec.bin(0)];
        assertTrue(zeros >= 500 && zeros <= 600, "zero's bin: " + java.util.Arrays.toString(perBin));
        for (int i = codec.bin(0) + 1; i < perBin.length; i++) {
            assertTrue(Math.abs(perBin[i] - 249 / 7.0) <= 1, "the 249 steps above share 7 bins evenly: "
                    + java.util.Arrays.toString(perBin));
        }
        assertEquals(10, codec.vocabularySize(), "as many bins as asked");
        assertEquals(3, SeriesCodec.fit(SeriesTransform.DIFFERENCES, counts(SeriesCodec.symbols(
                new double[] {1, 2, 3, 1, 2})), 10).vocabularySize(), "three distinct steps: three bins");
        assertEquals(0, codec.bin(-1e9), "below every edge: the first bin");
        assertEquals(codec.vocabularySize() - 1, codec.bin(1e9), "above: the last");
    }
}
