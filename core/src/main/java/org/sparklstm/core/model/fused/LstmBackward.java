package org.sparklstm.core.model.fused;

import java.util.Map;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Backpropagation through time for one LSTM layer over a {@link RecordedPass}. Everything that does not depend on the
 * step-to-step recurrence is computed for all steps at once (the gates' local derivatives before the loop; the weight,
 * bias and input gradients as three large matrix products after it), so each step costs one small matrix product and
 * five element-wise operations.
 *
 * <p>With {@code y} the output, {@code c} the cell, {@code i, f, o} the gates, {@code z} the block input and
 * {@code Z} the four pre-activations: {@code dc_t = dy_t o_t (1 - tanh^2 c_t) + dc_{t+1} f_{t+1}};
 * {@code dZ_t = [dc_t i_t (1 - z_t^2), dc_t c_{t-1} f_t (1 - f_t), dc_t z_t i_t (1 - i_t),
 * dy_t tanh(c_t) o_t (1 - o_t)]} (block input, forget, input and output gate); {@code dy_{t-1} += dZ_t Wr^T}.
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
     * @return the loss's gradient with respect to the layer's input, {@code [batch, nIn, steps]}
     */
    static INDArray gradients(RecordedPass pass, INDArray inputWeights, INDArray recurrentWeights, INDArray epsilon,
            long firstStep, INDArray[] gradients, LayerWorkspaceMgr workspaces) {
        DataType type = epsilon.dataType();
        long steps = pass.output.size(0);
        long batch = pass.output.size(1);
        long units = pass.output.size(2);
        INDArray previousCell = shiftedByOneStep(pass.initialCell, pass.cell, workspaces);
        INDArray previousOutput = shiftedByOneStep(pass.initialOutput, pass.output, workspaces);

        // dc_t = dy_t * cellScale_t + carry; dZ_t = [dc_t, dc_t, dc_t, dy_t] * local_t (blocks in BACKWARD order)
        INDArray cellScale = pass.cellTanh.mul(pass.cellTanh).rsubi(1).muli(pass.outputGate);
        INDArray local = work(workspaces, type, steps, batch, 4 * units);
        block(local, 0, units).assign(pass.cellInput.mul(pass.cellInput).rsubi(1).muli(pass.inputGate));
        block(local, 1, units).assign(pass.forgetGate.rsub(1).muli(pass.forgetGate).muli(previousCell));
        block(local, 2, units).assign(pass.inputGate.rsub(1).muli(pass.inputGate).muli(pass.cellInput));
        block(local, 3, units).assign(pass.outputGate.rsub(1).muli(pass.outputGate).muli(pass.cellTanh));

        INDArray dy = work(workspaces, type, steps, batch, units).assign(epsilon.permute(2, 0, 1));
        INDArray dc = work(workspaces, type, steps, batch, units);
        INDArray dZ = work(workspaces, type, steps, batch, 4 * units);
        INDArray carry = work(workspaces, type, batch, units);
        INDArray recurrent = LstmForward.reorder(recurrentWeights, GateOrder.BACKWARD, workspaces);
        for (long t = steps - 1; t >= firstStep; t--) { // earlier steps keep zero gradients
            INDArray dyT = dy.slice(t);
            INDArray dcT = dc.slice(t);
            INDArray dZT = dZ.slice(t);
            INDArray localT = local.slice(t);
            if (t < steps - 1) {
                Nd4j.gemm(dZ.slice(t + 1), recurrent, dyT, false, true, 1.0, 1.0);
            }
            dyT.mul(cellScale.slice(t), dcT);
            if (t < steps - 1) {
                dcT.addi(carry);
            }
            INDArray gatedByCell = dZT.reshape(batch, 4, units).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3),
                    NDArrayIndex.all());
            Nd4j.exec(new BroadcastMulOp(localT.reshape(batch, 4, units).get(NDArrayIndex.all(),
                    NDArrayIndex.interval(0, 3), NDArrayIndex.all()), dcT, gatedByCell, 0, 2));
            GateOrder.block(localT, 3, units).mul(dyT, GateOrder.block(dZT, 3, units));
            if (t > firstStep) {
                dcT.mul(pass.forgetGate.slice(t), carry);
            }
        }

        INDArray dZRows = dZ.reshape(steps * batch, 4 * units);
        INDArray inputGradient = pass.x.reshape(steps * batch, pass.x.size(2)).transpose().mmul(dZRows);
        GateOrder.BACKWARD.copy(inputGradient, GateOrder.DL4J, gradients[0]);
        INDArray recurrentGradient = previousOutput.reshape(steps * batch, units).transpose().mmul(dZRows);
        GateOrder.BACKWARD.copy(recurrentGradient, GateOrder.DL4J, gradients[1]);
        GateOrder.BACKWARD.copy(dZRows.sum(true, 0), GateOrder.DL4J, gradients[2]);
        INDArray inputWeightsT = LstmForward.reorder(inputWeights, GateOrder.BACKWARD, workspaces).transpose();
        INDArray dx = dZRows.mmul(inputWeightsT).reshape(steps, batch, inputWeights.size(0));
        return workspaces.createUninitialized(ArrayType.ACTIVATION_GRAD, type,
                new long[] {batch, inputWeights.size(0), steps}, 'f').assign(dx.permute(1, 2, 0));
    }

    /** {@code [first; all but the last step of rest]}: each step's predecessor. */
    private static INDArray shiftedByOneStep(INDArray first, INDArray rest, LayerWorkspaceMgr workspaces) {
        long steps = rest.size(0);
        INDArray shifted = work(workspaces, rest.dataType(), rest.shape());
        shifted.slice(0).assign(first);
        if (steps > 1) {
            shifted.get(NDArrayIndex.interval(1, steps), NDArrayIndex.all(), NDArrayIndex.all())
                    .assign(rest.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all()));
        }
        return shifted;
    }

    private static INDArray work(LayerWorkspaceMgr workspaces, DataType type, long... shape) {
        return workspaces.create(ArrayType.BP_WORKING_MEM, type, shape, 'c');
    }

    /** Gate block {@code k} of a {@code [steps, batch, 4 * units]} array. */
    private static INDArray block(INDArray gates, int k, long units) {
        return gates.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(k * units, (k + 1) * units));
    }
}
