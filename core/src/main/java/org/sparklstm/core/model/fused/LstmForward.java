package org.sparklstm.core.model.fused;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An LSTM layer's forward pass over a whole window. The input's contribution to every step's gates comes up front,
 * one large matrix product (or, for token ids, a gather of rows); each step then adds its recurrent product (one OpenBLAS {@code sgemm}) and runs the
 * element-wise part in Java ({@link CellMath}). Weights come in DL4J's layout and gate order: input weights
 * {@code [nIn, 4 * units]}, recurrent weights {@code [units, 4 * units]}, biases {@code [1, 4 * units]}; the input is
 * a {@link LayerInput}, the output {@code [batch, units, steps]} in 'f' order, as DL4J's own loop leaves it.
 */
final class LstmForward {
    private LstmForward() {
    }

    /**
     * @param layerInput the input as DL4J passed it, {@code [batch, nIn or 1, steps]}
     * @param input the same, read for the kernel
     * @param initialOutput {@code [batch, units]}, or null for zeros
     * @param initialCell {@code [batch, units]}, or null for zeros
     * @return the output, the last step's output and cell state, and every step's gates for the backward pass
     */
    static RecordedPass run(INDArray layerInput, LayerInput input, INDArray inputWeights, INDArray recurrentWeights,
            INDArray biases, INDArray initialOutput, INDArray initialCell, LayerWorkspaceMgr workspaces) {
        int batch = input.batch();
        int steps = input.steps();
        int units = (int) recurrentWeights.size(0);
        INDArray gates = create(workspaces, steps, batch, 4 * units);
        input.project(inputWeights, rows(gates));
        rows(gates).addiRowVector(biases);
        INDArray cells = startingAt(initialCell, create(workspaces, steps + 1, batch, units));
        INDArray outputs = startingAt(initialOutput, create(workspaces, steps + 1, batch, units));
        INDArray cellTanh = create(workspaces, steps, batch, units);

        NativeFloats gateMemory = new NativeFloats(gates);
        NativeFloats cellMemory = new NativeFloats(cells);
        NativeFloats tanhMemory = new NativeFloats(cellTanh);
        NativeFloats outputMemory = new NativeFloats(outputs);
        NativeFloats recurrentTransposed = new NativeFloats(columnMajor(recurrentWeights));
        int stateSize = batch * units;
        float[] gate = new float[4 * stateSize];
        float[] cell = new float[stateSize];
        float[] tanh = new float[stateSize];
        float[] output = new float[stateSize];
        float[] outputByUnit = new float[stateSize];
        INDArray dl4jOutput = workspaces.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {batch, units, steps}, 'f');
        NativeFloats dl4jOutputMemory = new NativeFloats(dl4jOutput); // each step a [units][batch] block
        cellMemory.read(0, cell);
        for (int t = 0; t < steps; t++) {
            long gateOffset = (long) t * gate.length;
            gateMemory.addProduct(gateOffset, batch, 4 * units, units, outputMemory, (long) t * stateSize,
                    recurrentTransposed, true, units);
            gateMemory.read(gateOffset, gate);
            CellMath.forward(gate, cell, tanh, output, batch, units);
            gateMemory.write(gateOffset, gate);
            cellMemory.write((long) (t + 1) * stateSize, cell);
            tanhMemory.write((long) t * stateSize, tanh);
            outputMemory.write((long) (t + 1) * stateSize, output);
            CellMath.transpose(output, outputByUnit, batch, units);
            dl4jOutputMemory.write((long) t * stateSize, outputByUnit);
        }

        RecordedPass pass = new RecordedPass(layerInput, input, gates, cells, cellTanh, outputs);
        pass.fwdPassOutput = dl4jOutput;
        pass.lastAct = outputs.slice(steps);
        pass.lastMemCell = cells.slice(steps);
        return pass;
    }

    /**
     * @return the array laid out column-major ('f'), copied only if it is not already: DL4J keeps its parameters and
     *     its recurrent layers' activations and gradients this way. A {@code [rows, columns]} matrix so laid out is
     *     its transpose row-major; a {@code [batch, units, steps]} array is one {@code [units][batch]} block per step.
     */
    static INDArray columnMajor(INDArray array) {
        return array.ordering() == 'f' && array.elementWiseStride() == 1 ? array : array.dup('f');
    }

    /** A {@code [steps, batch, width]} array as {@code [steps * batch, width]} rows, sharing its memory. */
    static INDArray rows(INDArray timeMajor) {
        return timeMajor.reshape('c', timeMajor.size(0) * timeMajor.size(1), timeMajor.size(2));
    }

    private static INDArray startingAt(INDArray state, INDArray states) {
        if (state == null) {
            states.slice(0).assign(0);
        } else {
            states.slice(0).assign(state);
        }
        return states;
    }

    private static INDArray create(LayerWorkspaceMgr workspaces, long... shape) {
        return workspaces.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, shape, 'c');
    }
}
