package org.sparklstm.datasets.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.sparklstm.datasets.window.Minibatches.Inputs;

class MinibatchesTest {
    private static final Minibatches ONE_HOT = new Minibatches(4, Inputs.ONE_HOT);
    private static final Minibatches TOKEN_IDS = new Minibatches(4, Inputs.TOKEN_IDS);

    @Test
    void oneHotInputsAndNextTokenIdsAsLabels() {
        DataSet ds = ONE_HOT.of(List.of(new int[] {0, 2, 1}, new int[] {3, 3, 0}));
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
    void tokenIdInputsHoldEachStepsIdWithTheSameLabels() {
        List<int[]> windows = List.of(new int[] {0, 2, 1}, new int[] {3, 3, 0});
        DataSet ids = TOKEN_IDS.of(windows);
        assertArrayEquals(new long[] {2, 1, 2}, ids.getFeatures().shape());
        assertEquals(2f, ids.getFeatures().getFloat(0, 0, 1));
        assertEquals(3f, ids.getFeatures().getFloat(1, 0, 0));
        assertEquals(ONE_HOT.of(windows).getLabels(), ids.getLabels());
        assertEquals(ids.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                .reshape(2, 1, 1), TOKEN_IDS.step(new int[] {2, 3}));
        assertEquals(Nd4j.create(new float[] {0, 0, 0, 1, 1, 0, 0, 0}, new long[] {2, 4, 1}, 'c'),
                ONE_HOT.step(new int[] {3, 0}));
    }

    @Test
    void raggedWindowsArePaddedAtTheirEndAndOnlyTheLabelsMasked() {
        for (Minibatches form : List.of(ONE_HOT, TOKEN_IDS)) {
            DataSet ds = form.of(List.of(new int[] {0, 1, 2, 3}, new int[] {2, 1}));
            assertArrayEquals(new long[] {2, form.featureWidth(), 3}, ds.getFeatures().shape());
            assertNull(ds.getFeaturesMaskArray(), "padding follows the real steps");
            assertEquals(4.0, ds.getLabelsMaskArray().sumNumber().doubleValue(), "3 real steps + 1 real step");
            assertEquals(0f, ds.getLabelsMaskArray().getFloat(1, 1));
            assertEquals(0f, ds.getLabels().getFloat(1, 0, 1), "padding carries no label");
            assertEquals(0f, ds.getLabels().getFloat(1, 0, 2), "padding carries no label");
            assertEquals(1f, ds.getLabels().getFloat(1, 0, 0));
        }
    }

    @Test
    void vocabulariesTooLargeForFloatIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Minibatches((1 << 24) + 1, Inputs.TOKEN_IDS));
        assertThrows(IllegalArgumentException.class, () -> new Minibatches(0, Inputs.ONE_HOT));
    }
}
