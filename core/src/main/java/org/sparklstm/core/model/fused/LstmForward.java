package org.sparklstm.core.model.fused;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An LSTM layer's forward pass over a whole window as one ND4J op: {@code lstmLayer} when only the output is needed,
 * {@code lstmBlock} when the gates are kept for the backward pass. Weights come in DL4J's layout: input weights
 * {@code [nIn, 4 * units]}, recurrent weights {@code [units, 4 * units]}, biases {@code [1, 4 * units]}; the input is
 * {@code [batch, nIn, steps]}, the output {@code [batch, units, steps]} in 'f' order, as DL4J's own loop leaves it.
 */
final class LstmForward {
    private static final int ACTIVATION_TANH = 0;
    private static final int ACTIVATION_SIGMOID = 2;
    private static final int FORMAT_BATCH_FEATURES_TIME = 2;
    private static final int FORMAT_TIME_BATCH_FEATURES = 0;
    private static final int DIRECTION_FORWARD = 0;

    private LstmForward() {
    }

    /**
     * @param initialOutput {@code [batch, units]}, or null for zeros
     * @param initialCell {@code [batch, units]}, or null for zeros
     * @return the output and the last step's output and cell state
     */
    static FwdPassReturn infer(INDArray input, INDArray inputWeights, INDArray recurrentWeights, INDArray biases,
            INDArray initialOutput, INDArray initialCell, LayerWorkspaceMgr workspaces) {
        List<INDArray> inputs = new ArrayList<>(List.of(input,
                reorder(inputWeights, GateOrder.LSTM_LAYER_OP, workspaces),
                reorder(recurrentWeights, GateOrder.LSTM_LAYER_OP, workspaces),
                reorder(biases, GateOrder.LSTM_LAYER_OP, workspaces).reshape(biases.length())));
        if (initialOutput != null) {
            inputs.add(initialOutput);
        }
        if (initialCell != null) {
            inputs.add(initialCell);
        }
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer")
                .addInputs(inputs.toArray(new INDArray[0]))
                .addIntegerArguments(FORMAT_BATCH_FEATURES_TIME, DIRECTION_FORWARD, ACTIVATION_SIGMOID,
                        ACTIVATION_TANH, ACTIVATION_TANH)
                .addFloatingPointArguments(0.0)
                // biases, sequence lengths, initial output, initial cell, peepholes; full output, last output, last cell
                .addBooleanArguments(true, false, initialOutput != null, initialCell != null, false, true, true, true)
                .build();
        for (LongShapeDescriptor shape : op.calculateOutputShape()) {
            // 'f' as DL4J's own loop: the next layer's dropout masks and the output layer's reshapes see the same layout
            op.addOutputArgument(workspaces.createUninitialized(ArrayType.ACTIVATIONS, shape.dataType(),
                    shape.getShape(), 'f'));
        }
        Nd4j.exec(op);
        FwdPassReturn pass = new FwdPassReturn();
        pass.fwdPassOutput = op.getOutputArgument(0);
        pass.lastAct = op.getOutputArgument(1);
        pass.lastMemCell = op.getOutputArgument(2);
        return pass;
    }

    /**
     * @param initialOutput {@code [batch, units]}, or null for zeros
     * @param initialCell {@code [batch, units]}, or null for zeros
     * @return the output, the last step's output and cell state, and every step's gates
     */
    static RecordedPass record(INDArray input, INDArray inputWeights, INDArray recurrentWeights, INDArray biases,
            INDArray initialOutput, INDArray initialCell, LayerWorkspaceMgr workspaces) {
        DataType type = input.dataType();
        long batch = input.size(0);
        long inputs = input.size(1);
        long steps = input.size(2);
        long units = recurrentWeights.size(0);
        INDArray x = workspaces.createUninitialized(ArrayType.ACTIVATIONS, type, new long[] {steps, batch, inputs}, 'c')
                .assign(input.permute(2, 0, 1));
        INDArray weights = workspaces.createUninitialized(ArrayType.ACTIVATIONS, type,
                new long[] {inputs + units, 4 * units}, 'c');
        GateOrder.DL4J.copy(inputWeights, GateOrder.LSTM_BLOCK_OP,
                weights.get(NDArrayIndex.interval(0, inputs), NDArrayIndex.all()));
        GateOrder.DL4J.copy(recurrentWeights, GateOrder.LSTM_BLOCK_OP,
                weights.get(NDArrayIndex.interval(inputs, inputs + units), NDArrayIndex.all()));
        INDArray cell0 = startingState(initialCell, type, batch, units, workspaces);
        INDArray output0 = startingState(initialOutput, type, batch, units, workspaces);
        INDArray noPeepholes = workspaces.create(ArrayType.ACTIVATIONS, type, units);
        DynamicCustomOp op = DynamicCustomOp.builder("lstmBlock")
                .addInputs(Nd4j.scalar(DataType.INT, (int) steps), x, cell0, output0, weights, noPeepholes,
                        noPeepholes, noPeepholes, reorder(biases, GateOrder.LSTM_BLOCK_OP, workspaces)
                                .reshape(biases.length()))
                .addIntegerArguments(0, FORMAT_TIME_BATCH_FEATURES) // no peepholes
                .addFloatingPointArguments(0.0, 0.0) // no extra forget bias, no cell clipping
                .build();
        INDArray[] gates = new INDArray[7];
        for (int k = 0; k < gates.length; k++) {
            gates[k] = workspaces.createUninitialized(ArrayType.ACTIVATIONS, type, new long[] {steps, batch, units},
                    'c');
            op.addOutputArgument(gates[k]);
        }
        Nd4j.exec(op);
        RecordedPass pass = new RecordedPass(input, x, gates, cell0, output0);
        pass.fwdPassOutput = workspaces.createUninitialized(ArrayType.ACTIVATIONS, type,
                new long[] {batch, units, steps}, 'f').assign(pass.output.permute(1, 2, 0));
        pass.lastAct = pass.output.slice(steps - 1);
        pass.lastMemCell = pass.cell.slice(steps - 1);
        return pass;
    }

    /** A copy that lives as long as the recorded pass, of the given state or of zeros. */
    private static INDArray startingState(INDArray state, DataType type, long batch, long units,
            LayerWorkspaceMgr workspaces) {
        INDArray copy = workspaces.create(ArrayType.ACTIVATIONS, type, batch, units);
        return state == null ? copy : copy.assign(state);
    }

    /** A DL4J-ordered rank-2 array in another gate order. */
    static INDArray reorder(INDArray dl4j, GateOrder order, LayerWorkspaceMgr workspaces) {
        INDArray copy = workspaces.createUninitialized(ArrayType.ACTIVATIONS, dl4j.dataType(), dl4j.shape(), 'c');
        GateOrder.DL4J.copy(dl4j, order, copy);
        return copy;
    }
}
