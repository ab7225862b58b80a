package org.sparklstm.core.model.fused;

import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A forward pass of one LSTM layer with every step's gate activations, time-major ({@code [steps, batch, ...]}), for
 * {@link LstmBackward}. DL4J sees it as its usual forward-pass result.
 */
final class RecordedPass extends FwdPassReturn {
    /** The layer input DL4J passed ({@code [batch, nIn, steps]}), to recognise the same pass again. */
    final INDArray layerInput;
    /** The input, time-major. */
    final LayerInput input;
    /** The gate activations in DL4J's order, {@code [steps, batch, 4 * units]}. */
    final INDArray gates;
    /** The cell state before the first step and after each step, {@code [steps + 1, batch, units]}. */
    final INDArray cells;
    /** tanh of the cell state after each step, {@code [steps, batch, units]}. */
    final INDArray cellTanh;
    /** The output before the first step and after each step, {@code [steps + 1, batch, units]}. */
    final INDArray outputs;

    RecordedPass(INDArray layerInput, LayerInput input, INDArray gates, INDArray cells, INDArray cellTanh,
            INDArray outputs) {
        this.layerInput = layerInput;
        this.input = input;
        this.gates = gates;
        this.cells = cells;
        this.cellTanh = cellTanh;
        this.outputs = outputs;
    }

    /** @return each step's previous output, {@code [steps, batch, units]} */
    INDArray previousOutputs() {
        return outputs.get(NDArrayIndex.interval(0, outputs.size(0) - 1), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /**
     * @param input the layer input DL4J passes now
     * @param startOutput the output to start from, or null for zeros
     * @param startCell the cell state to start from, or null for zeros
     * @return whether this pass was computed from this input object and the same starting state (compared by value:
     *     DL4J passes fresh arrays each time)
     */
    boolean computedFrom(INDArray input, INDArray startOutput, INDArray startCell) {
        return input == layerInput && sameValues(startOutput, outputs.slice(0)) && sameValues(startCell, cells.slice(0));
    }

    private static boolean sameValues(INDArray given, INDArray recorded) {
        return given == null ? recorded.amaxNumber().doubleValue() == 0
                : given.equalShapes(recorded) && given.equalsWithEps(recorded, 0.0);
    }
}
