package org.sparklstm.core.model.fused;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backpropagation through time for one LSTM layer over a {@link RecordedPass}. Each step, from the last, adds the next
 * step's gate gradients times the recurrent weights to the output gradient (one OpenBLAS {@code sgemm}) and computes
 * its own gate gradients in Java ({@link CellMath#backward}); the weight, bias and input gradients then come out of
 * three large matrix products over all steps at once.
 */
final class LstmBackward {
    private LstmBackward() {
    }

    /**
     * @param pass the forward pass
     * @param inputWeights DL4J's input weights, {@code [nIn, 4 * units]}
     * @param recurrentWeights DL4J's recurrent weights, {@code [units, 4 * units]}
     * @param epsilon the loss's gradient with respect to the layer's output, {@code [batch, units, steps]}
     * @param firstStep the earliest step the gradient flows back to (truncated BPTT); 0 for the whole window
     * @param gradients DL4J's gradient views for the input weights, recurrent weights and biases, in that order
     * @param withInputGradient whether to compute the gradient with respect to the layer's input
     * @return the loss's gradient with respect to the layer's input, {@code [batch, nIn, steps]}, or null if not
     *     asked for
     */
    static INDArray gradients(RecordedPass pass, INDArray inputWeights, INDArray recurrentWeights, INDArray epsilon,
            int firstStep, INDArray[] gradients, boolean withInputGradient, LayerWorkspaceMgr workspaces) {
        int steps = pass.input.steps();
        int batch = pass.input.batch();
        int units = (int) recurrentWeights.size(0);
        INDArray stepGradient = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                new long[] {batch, units}, 'c');
        long[] gateShape = {steps, batch, 4 * units};
        INDArray gateGradients = firstStep > 0 // steps before firstStep keep zero gradients
                ? workspaces.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, gateShape, 'c')
                : workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, gateShape, 'c');

        NativeFloats dl4jGradient = new NativeFloats(LstmForward.columnMajor(epsilon)); // [units][batch] per step
        NativeFloats dOutput = new NativeFloats(stepGradient);
        NativeFloats dGates = new NativeFloats(gateGradients);
        NativeFloats gateMemory = new NativeFloats(pass.gates);
        NativeFloats cellMemory = new NativeFloats(pass.cells);
        NativeFloats tanhMemory = new NativeFloats(pass.cellTanh);
        NativeFloats recurrentTransposed = new NativeFloats(LstmForward.columnMajor(recurrentWeights));
        int stateSize = batch * units;
        float[] gate = new float[4 * stateSize];
        float[] gateGradient = new float[4 * stateSize];
        float[] previousCell = new float[stateSize];
        float[] tanh = new float[stateSize];
        float[] outputGradient = new float[stateSize];
        float[] outputGradientByUnit = new float[stateSize];
        float[] carry = new float[stateSize];
        float[] biasGradient = new float[4 * units];
        for (int t = steps - 1; t >= firstStep; t--) {
            long stateOffset = (long) t * stateSize;
            long gateOffset = (long) t * gate.length;
            dl4jGradient.read(stateOffset, outputGradientByUnit);
            CellMath.transpose(outputGradientByUnit, outputGradient, units, batch);
            if (t < steps - 1) { // plus what flows back through the next step's gates
                dOutput.write(0, outputGradient);
                dOutput.addProduct(0, batch, units, 4 * units, dGates, gateOffset + gate.length, recurrentTransposed,
                        false, units);
                dOutput.read(0, outputGradient);
            }
            gateMemory.read(gateOffset, gate);
            cellMemory.read(stateOffset, previousCell);
            tanhMemory.read(stateOffset, tanh);
            CellMath.backward(gate, previousCell, tanh, outputGradient, carry, gateGradient, batch, units);
            CellMath.addRows(gateGradient, biasGradient);
            dGates.write(gateOffset, gateGradient);
        }

        INDArray gateRows = LstmForward.rows(gateGradients);
        pass.input.weightGradient(gateRows, gradients[0]);
        Nd4j.gemm(LstmForward.rows(pass.previousOutputs()), gateRows, gradients[1], true, false, 1.0, 0.0);
        gradients[2].assign(Nd4j.createFromArray(biasGradient).reshape(gradients[2].shape()));
        if (!withInputGradient) {
            return null;
        }
        if (!(pass.input instanceof LayerInput.Dense)) {
            throw new IllegalStateException("an LSTM layer reading token ids has no input gradient: it must be a"
                    + " network's first layer, without input dropout");
        }
        INDArray inputGradients = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                new long[] {steps, batch, inputWeights.size(0)}, 'c');
        Nd4j.gemm(gateRows, inputWeights, LstmForward.rows(inputGradients), false, true, 1.0, 0.0);
        return workspaces.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {batch, inputWeights.size(0), steps}, 'f').assign(inputGradients.permute(1, 2, 0));
    }
}
