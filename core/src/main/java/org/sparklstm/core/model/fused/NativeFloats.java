package org.sparklstm.core.model.fused;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The off-heap memory of a dense ND4J float array, addressed by element offset from the array's first element: bulk
 * copies into and out of Java arrays, and OpenBLAS's {@code sgemm} on row-major blocks of it. Per time step, an LSTM
 * does one small matrix product and a few element-wise operations; going through ND4J's op dispatch for each costs more
 * than the arithmetic, so the kernel calls OpenBLAS (the library ND4J itself links) and does the element-wise part in
 * Java ({@link CellMath}).
 */
final class NativeFloats {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANSPOSE = openblas_nolapack.CblasNoTrans;
    private static final int TRANSPOSE = openblas_nolapack.CblasTrans;

    private final FloatPointer pointer;
    private final FloatBuffer buffer;

    /**
     * @param array a float array whose elements are contiguous in its own order ('c' or 'f')
     */
    NativeFloats(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.elementWiseStride() != 1
                || array.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a dense float array of at most 2^31 elements: " + array.shapeInfoToString());
        }
        // a view's data buffer starts at the view's first element already
        pointer = new FloatPointer(array.data().addressPointer());
        pointer.capacity(array.length());
        buffer = pointer.asBuffer();
    }

    /** Copies {@code target.length} elements starting at {@code offset} into {@code target}. */
    void read(long offset, float[] target) {
        buffer.get((int) offset, target, 0, target.length);
    }

    /** Copies {@code source} into the elements starting at {@code offset}. */
    void write(long offset, float[] source) {
        buffer.put((int) offset, source, 0, source.length);
    }

    /** Copies {@code length} elements of {@code source} starting at {@code sourceOffset} to {@code offset} here. */
    void copy(long offset, NativeFloats source, long sourceOffset, int length) {
        buffer.put((int) offset, source.buffer, (int) sourceOffset, length);
    }

    /**
     * {@code C = A op(B) + C} on row-major blocks: C ({@code m x n}) at {@code offset} in this array with row stride
     * {@code n}; A ({@code m x k}) at {@code aOffset} in {@code a} with row stride {@code k}; B stored row-major with
     * row stride {@code ldb}, as {@code k x n} or, if {@code transposeB}, as its transpose {@code n x k}.
     */
    void addProduct(long offset, int m, int n, int k, NativeFloats a, long aOffset, NativeFloats b,
            boolean transposeB, int ldb) {
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANSPOSE, transposeB ? TRANSPOSE : NO_TRANSPOSE, m, n, k, 1f,
                a.pointer.position(aOffset), k, b.pointer.position(0), ldb, 1f, pointer.position(offset), n);
    }
}
