package org.sparklstm.core.model.fused;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The orders in which an LSTM's four gate blocks (each {@code units} wide) follow each other along the last
 * dimension of its weights, biases and gate arrays. DL4J, ND4J's two fused ops and the backward pass each use their
 * own; {@link #copy} moves blocks between them.
 */
enum GateOrder {
    /** DL4J's {@code LSTM} parameters. */
    DL4J(Gate.CELL_INPUT, Gate.FORGET, Gate.OUTPUT, Gate.INPUT),
    /** ND4J's {@code lstmLayer} op. */
    LSTM_LAYER_OP(Gate.INPUT, Gate.FORGET, Gate.CELL_INPUT, Gate.OUTPUT),
    /** ND4J's {@code lstmBlock} op. */
    LSTM_BLOCK_OP(Gate.INPUT, Gate.CELL_INPUT, Gate.FORGET, Gate.OUTPUT),
    /** {@link LstmBackward}: the three blocks scaled by the cell state's gradient first, the output gate last. */
    BACKWARD(Gate.CELL_INPUT, Gate.FORGET, Gate.INPUT, Gate.OUTPUT);

    /** An LSTM gate. */
    enum Gate {
        /** The tanh block input, written into the cell through the input gate. */
        CELL_INPUT,
        /** The forget gate. */
        FORGET,
        /** The output gate. */
        OUTPUT,
        /** The input gate. */
        INPUT
    }

    private final List<Gate> gates;

    GateOrder(Gate... gates) {
        this.gates = List.of(gates);
    }

    /**
     * Copies the gate blocks of a rank-2 array in this order into {@code target}, in the target's order.
     *
     * @param source {@code [rows, 4 * units]} in this order
     * @param order the target's order
     * @param target {@code [rows, 4 * units]}, written
     */
    void copy(INDArray source, GateOrder order, INDArray target) {
        long units = source.size(1) / 4;
        for (int k = 0; k < 4; k++) {
            block(target, k, units).assign(block(source, gates.indexOf(order.gates.get(k)), units));
        }
    }

    /** Gate block {@code index} of a {@code [rows, 4 * units]} array, as a view. */
    static INDArray block(INDArray matrix, int index, long units) {
        return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(index * units, (index + 1) * units));
    }
}
