package org.sparklstm.core.model.fused;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What an LSTM layer reads over a window, time-major (row {@code t * batch + b} is example {@code b} at step
 * {@code t}), and the two products the kernel needs of it: the input's share of every step's gates, {@code x W}, and
 * the input weights' gradient, {@code x^T dGates}. A layer reads either dense vectors (the layer below's outputs, or a
 * one-hot input) or token ids, for which both products are gathers: a one-hot row times {@code W} is one row of
 * {@code W}, so {@link TokenIds} computes exactly what the one-hot input would, without its {@code vocabulary} times
 * larger minibatch or its products over mostly zeros.
 */
sealed interface LayerInput {

    /**
     * @param input the layer's input as DL4J passes it, {@code [batch, width, steps]}: {@code width} is the layer's
     *     {@code nIn} for dense vectors, or 1 for token ids (each a float holding an integer in {@code [0, nIn)})
     * @param nIn the layer's input width
     * @param workspaces where the time-major copy of a dense input lives
     * @return the input, read for the kernel
     * @throws IllegalArgumentException if the input is neither
     */
    static LayerInput of(INDArray input, long nIn, LayerWorkspaceMgr workspaces) {
        long width = input.size(1);
        if (width == nIn) {
            INDArray x = workspaces.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                    new long[] {input.size(2), input.size(0), nIn}, 'c');
            return new Dense(x.assign(input.permute(2, 0, 1)));
        }
        if (width == 1) {
            return TokenIds.of(input, (int) nIn);
        }
        throw new IllegalArgumentException("an LSTM layer of " + nIn + " inputs read " + width
                + " values per step: neither its input width nor one token id");
    }

    /** @return the number of steps */
    int steps();

    /** @return the number of examples */
    int batch();

    /**
     * Writes {@code x W} into {@code gateRows}.
     *
     * @param inputWeights {@code [nIn, 4 * units]}
     * @param gateRows {@code [steps * batch, 4 * units]}, row-major
     */
    void project(INDArray inputWeights, INDArray gateRows);

    /**
     * Writes {@code x^T dGates} into {@code gradient}.
     *
     * @param gateGradientRows {@code [steps * batch, 4 * units]}, row-major
     * @param gradient DL4J's gradient view for the input weights, {@code [nIn, 4 * units]}
     */
    void weightGradient(INDArray gateGradientRows, INDArray gradient);

    /** Dense vectors: {@code x} is {@code [steps, batch, nIn]}, and the products are matrix products. */
    record Dense(INDArray x) implements LayerInput {
        @Override
        public int steps() {
            return (int) x.size(0);
        }

        @Override
        public int batch() {
            return (int) x.size(1);
        }

        @Override
        public void project(INDArray inputWeights, INDArray gateRows) {
            Nd4j.gemm(LstmForward.rows(x), inputWeights, gateRows, false, false, 1.0, 0.0);
        }

        @Override
        public void weightGradient(INDArray gateGradientRows, INDArray gradient) {
            Nd4j.gemm(LstmForward.rows(x), gateGradientRows, gradient, true, false, 1.0, 0.0);
        }
    }

    /**
     * Token ids, time-major: {@code ids[t * batch + b]}.
     *
     * @param ids each step's token id per example
     * @param steps the number of steps
     * @param vocabulary the layer's {@code nIn}, the one-hot width the ids stand for
     */
    record TokenIds(int[] ids, int steps, int vocabulary) implements LayerInput {
        static TokenIds of(INDArray input, int vocabulary) {
            int batch = (int) input.size(0);
            int steps = (int) input.size(2);
            float[] values = Nd4j.toFlattened('c', input.reshape(input.ordering(), batch, steps).transpose())
                    .toFloatVector();
            int[] ids = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                int id = (int) values[i];
                if (id != values[i] || id < 0 || id >= vocabulary) {
                    throw new IllegalArgumentException("token id " + values[i] + " at step " + i / batch
                            + " of example " + i % batch + " is not in [0, " + vocabulary + ")");
                }
                ids[i] = id;
            }
            return new TokenIds(ids, steps, vocabulary);
        }

        @Override
        public int batch() {
            return ids.length / steps;
        }

        @Override
        public void project(INDArray inputWeights, INDArray gateRows) {
            int width = (int) gateRows.size(1);
            NativeFloats weights = new NativeFloats(inputWeights.dup('c'));
            NativeFloats gates = new NativeFloats(gateRows);
            for (int r = 0; r < ids.length; r++) {
                gates.copy((long) r * width, weights, (long) ids[r] * width, width);
            }
        }

        @Override
        public void weightGradient(INDArray gateGradientRows, INDArray gradient) {
            int width = (int) gateGradientRows.size(1);
            NativeFloats gateGradients = new NativeFloats(gateGradientRows);
            float[] sums = new float[vocabulary * width];
            float[] row = new float[width];
            for (int r = 0; r < ids.length; r++) {
                gateGradients.read((long) r * width, row);
                int offset = ids[r] * width;
                for (int j = 0; j < width; j++) {
                    sums[offset + j] += row[j];
                }
            }
            gradient.assign(Nd4j.create(sums, new long[] {vocabulary, width}, 'c'));
        }
    }
}
