package org.sparklstm.datasets.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitAssignerTest {

    @Test
    void holdsOutTheRequestedShareDeterministically() {
        SplitAssigner split = new SplitAssigner(0.05);
        SplitAssigner again = new SplitAssigner(0.05);
        int validation = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            boolean v = split.isValidation("hdfs://nn/corpus/part-" + (i % 7) + ".txt", i * 100L);
            assertEquals(v, again.isValidation("hdfs://nn/corpus/part-" + (i % 7) + ".txt", i * 100L));
            validation += v ? 1 : 0;
        }
        assertEquals(0.05, validation / (double) n, 0.003);
    }

    @Test
    void zeroFractionHoldsOutNothing() {
        SplitAssigner split = new SplitAssigner(0);
        for (int i = 0; i < 10_000; i++) {
            assertFalse(split.isValidation("f", i));
        }
    }

    @Test
    void movingTheCorpusDoesNotMoveTheSplit() {
        SplitAssigner split = new SplitAssigner(0.05);
        int validation = 0;
        for (long offset = 0; offset < 100_000; offset += 100) {
            boolean here = split.isValidation("file:/work/main/corpora/mobydick.txt", offset);
            assertEquals(here, split.isValidation("hdfs://nn:8020/data/mobydick.txt", offset));
            assertEquals(here, split.isValidation("mobydick.txt", offset));
            validation += here ? 1 : 0;
        }
        assertTrue(validation > 0, "some windows are held out");
    }

    @Test
    void byEndTheFinalStretchOfEveryDocumentIsHeldOutWhateverItsName() {
        SplitAssigner split = new SplitAssigner(0.2, SplitAssigner.Unit.END);
        for (String name : new String[] {"a.csv#DAX", "b.csv#SMI", "moby.txt"}) {
            // a document of 1,000 tokens at offset 5,000 of its file, windows of 100
            for (long start = 0; start < 1000; start += 100) {
                assertEquals(start >= 800, split.isValidation(name, 5000 + start, 5000, 1000), name + " " + start);
            }
            assertFalse(split.holdsOut(name), "no whole file is held out");
            assertEquals(800, split.endStart(1000));
            assertEquals(800, split.firstEndWindow(1000, 100));
            assertEquals(850, split.firstEndWindow(1001, 50), "the first window start at or after 800.8");
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> split.isValidation("a.csv", 0), "the end needs the document");
    }
}
