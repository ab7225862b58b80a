package org.sparklstm.core.model.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NativeFloatsTest {
    @Test
    void aViewIsAddressedFromItsOwnFirstElement() {
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 5, 4);
        INDArray row = matrix.slice(2);
        float[] read = new float[4];
        new NativeFloats(row).read(0, read);
        assertArrayEquals(row.toFloatVector(), read);

        new NativeFloats(matrix.slice(3)).write(0, new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {1, 2, 3, 4}, matrix.getRow(3).toFloatVector());
        assertArrayEquals(row.toFloatVector(), matrix.getRow(2).toFloatVector(), "the row before is untouched");
    }

    @Test
    void addProductMatchesNd4jForBothLayoutsOfTheSecondFactor() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 2, 3, 5); // two 3 x 5 blocks
        INDArray rowMajor = Nd4j.rand(DataType.FLOAT, 5, 7);
        INDArray columnMajor = rowMajor.dup('f'); // stored as its 7 x 5 transpose
        INDArray start = Nd4j.rand(DataType.FLOAT, 3, 7);
        for (INDArray b : new INDArray[] {rowMajor, columnMajor}) {
            INDArray c = Nd4j.create(DataType.FLOAT, 2, 3, 7);
            c.slice(1).assign(start);
            new NativeFloats(c).addProduct(21, 3, 7, 5, new NativeFloats(a), 15, new NativeFloats(b),
                    b == columnMajor, b == columnMajor ? 5 : 7);
            INDArray expected = a.slice(1).mmul(rowMajor).add(start);
            assertEquals(0.0, c.slice(1).sub(expected).amaxNumber().doubleValue(), 1e-5);
            assertEquals(0.0, c.slice(0).amaxNumber().doubleValue(), "the block before is untouched");
        }
    }

    @Test
    void aStridedViewIsRefused() {
        INDArray column = Nd4j.rand(DataType.FLOAT, 4, 4).get(NDArrayIndex.all(), NDArrayIndex.point(1));
        assertThrows(IllegalArgumentException.class, () -> new NativeFloats(column));
        assertThrows(IllegalArgumentException.class, () -> new NativeFloats(Nd4j.rand(DataType.DOUBLE, 2, 2)));
    }
}
