package org.sparklstm.datasets.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowsTest {

    @Test
    void everyTokenAfterTheFirstIsPredictedExactlyOnce() {
        int[] ids = IntStream.range(0, 1003).toArray();
        List<int[]> windows = Windows.cut(ids, 100);
        assertEquals(11, windows.size(), "ceil(1002 predicted tokens / 100)");
        int[] predicted = windows.stream().flatMapToInt(w -> IntStream.range(1, w.length).map(i -> w[i])).toArray();
        assertArrayEquals(IntStream.range(1, 1003).toArray(), predicted);
        for (int i = 0; i < windows.size(); i++) {
            assertEquals(i * 100, windows.get(i)[0], "window i starts at token i*T");
        }
        assertEquals(3, windows.get(10).length, "the tail window holds the rest");
    }

    @Test
    void aSingleTokenPredictsNothing() {
        assertTrue(Windows.cut(new int[] {7}, 10).isEmpty());
        assertEquals(1, Windows.cut(new int[] {7, 8}, 10).size());
    }
}
