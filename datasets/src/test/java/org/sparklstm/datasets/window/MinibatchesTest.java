package org.sparklstm.datasets.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class MinibatchesTest {

    @Test
    void oneHotInputsAndNextTokenIdsAsLabels() {
        DataSet ds = Minibatches.of(List.of(new int[] {0, 2, 1}, new int[] {3, 3, 0}), 4);
        assertArrayEquals(new long[] {2, 4, 2}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {2, 1, 2}, ds.getLabels().shape());
        assertNull(ds.getLabelsMaskArray());
        assertEquals(1f, ds.getFeatures().getFloat(0, 0, 0));
        assertEquals(1f, ds.getFeatures().getFloat(0, 2, 1));
        assertEquals(2f, ds.getLabels().getFloat(0, 0, 0));
        assertEquals(1f, ds.getLabels().getFloat(0, 0, 1));
        assertEquals(3f, ds.getLabels().getFloat(1, 0, 0));
        assertEquals(0f, ds.getLabels().getFloat(1, 0, 1));
        assertEquals(4.0, ds.getFeatures().sumNumber().doubleValue(), "one 1 per input step");
    }

    @Test
    void raggedWindowsArePaddedAndMasked() {
        DataSet ds = Minibatches.of(List.of(new int[] {0, 1, 2, 3}, new int[] {2, 1}), 4);
        assertArrayEquals(new long[] {2, 4, 3}, ds.getFeatures().shape());
        assertEquals(4.0, ds.getLabelsMaskArray().sumNumber().doubleValue(), "3 real steps + 1 real step");
        assertEquals(0f, ds.getLabelsMaskArray().getFloat(1, 1));
        assertEquals(0f, ds.getLabels().getFloat(1, 0, 1), "padding carries no label");
        assertEquals(0f, ds.getLabels().getFloat(1, 0, 2), "padding carries no label");
        assertEquals(1f, ds.getLabels().getFloat(1, 0, 0));
    }
}
