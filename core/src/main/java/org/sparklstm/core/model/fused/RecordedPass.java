package org.sparklstm.core.model.fused;

import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training forward pass of one LSTM layer with every gate's activations, time-major ({@code [steps, batch,
 * units]}), for {@link LstmBackward}. DL4J sees it as its usual forward-pass result.
 */
final class RecordedPass extends FwdPassReturn {
    /** The layer input DL4J passed ({@code [batch, nIn, steps]}), to recognise the same pass again. */
    final INDArray layerInput;
    /** The input, {@code [steps, batch, nIn]}. */
    final INDArray x;
    /** Input gate. */
    final INDArray inputGate;
    /** Cell state after each step. */
    final INDArray cell;
    /** Forget gate. */
    final INDArray forgetGate;
    /** Output gate. */
    final INDArray outputGate;
    /** The tanh block input. */
    final INDArray cellInput;
    /** tanh of the cell state. */
    final INDArray cellTanh;
    /** The layer's output. */
    final INDArray output;
    /** Cell state before the first step, {@code [batch, units]}, copied: DL4J's may not outlive the forward pass. */
    final INDArray initialCell;
    /** Output before the first step, {@code [batch, units]}, copied likewise. */
    final INDArray initialOutput;

    RecordedPass(INDArray layerInput, INDArray x, INDArray[] gates, INDArray initialCell, INDArray initialOutput) {
        this.layerInput = layerInput;
        this.x = x;
        this.inputGate = gates[0];
        this.cell = gates[1];
        this.forgetGate = gates[2];
        this.outputGate = gates[3];
        this.cellInput = gates[4];
        this.cellTanh = gates[5];
        this.output = gates[6];
        this.initialCell = initialCell;
        this.initialOutput = initialOutput;
    }

    /**
     * @param input the layer input DL4J passes now
     * @param startOutput the output to start from, or null for zeros
     * @param startCell the cell state to start from, or null for zeros
     * @return whether this pass was computed from this input object and the same starting state (compared by value:
     *     DL4J passes fresh arrays each time)
     */
    boolean computedFrom(INDArray input, INDArray startOutput, INDArray startCell) {
        return input == layerInput && sameValues(startOutput, initialOutput) && sameValues(startCell, initialCell);
    }

    private static boolean sameValues(INDArray given, INDArray recorded) {
        return given == null ? recorded.amaxNumber().doubleValue() == 0
                : given.equalShapes(recorded) && given.equalsWithEps(recorded, 0.0);
    }
}
