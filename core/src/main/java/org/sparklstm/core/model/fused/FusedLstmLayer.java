package org.sparklstm.core.model.fused;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's LSTM layer with its passes over a whole window on this package's kernel ({@link LstmForward},
 * {@link LstmBackward}) instead of DL4J's loop of a dozen small ND4J operations per time step. DL4J keeps everything
 * else: parameters, input dropout, weight noise, the state kept for sampling and truncated BPTT, the updater.
 *
 * <p>Besides the dense input DL4J's layer reads ({@code [batch, nIn, steps]}), it reads token ids
 * ({@code [batch, 1, steps]}; see {@link LayerInput.TokenIds}): the same results as their one-hot vectors. Inputs the
 * kernel does not cover (masks, other activations, other data types than float, time-major data) run DL4J's own loop,
 * which needs dense input. The training forward pass is kept for the backward pass, which DL4J starts by asking for
 * it again.
 */
final class FusedLstmLayer extends LSTM {
    private RecordedPass lastTrainingPass;

    FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaces) {
        setInput(input, workspaces);
        return activate(training, workspaces);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        if (!onKernel()) {
            return super.activate(training, workspaces);
        }
        return forward(training, null, null, workspaces).fwdPassOutput;
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaces) {
        setInput(input, workspaces);
        if (!onKernel()) {
            return super.rnnTimeStep(input, workspaces);
        }
        RecordedPass pass = forward(false, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL),
                workspaces);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, pass.lastAct.detach());
        stateMap.put(STATE_KEY_PREV_MEMCELL, pass.lastMemCell.detach());
        return pass.fwdPassOutput;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTbptt,
            LayerWorkspaceMgr workspaces) {
        setInput(input, workspaces);
        if (!onKernel()) {
            return super.rnnActivateUsingStoredState(input, training, storeLastForTbptt, workspaces);
        }
        RecordedPass pass = forward(training, tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION),
                tBpttStateMap.get(STATE_KEY_PREV_MEMCELL), workspaces);
        if (storeLastForTbptt) {
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, pass.lastAct.detach());
            tBpttStateMap.put(STATE_KEY_PREV_MEMCELL, pass.lastMemCell.detach());
        }
        return pass.fwdPassOutput;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        return onKernel() ? backward(epsilon, false, -1, workspaces) : super.backpropGradient(epsilon, workspaces);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
            LayerWorkspaceMgr workspaces) {
        return onKernel() ? backward(epsilon, true, tbpttBackwardLength, workspaces)
                : super.tbpttBackpropGradient(epsilon, tbpttBackwardLength, workspaces);
    }

    /**
     * @return whether the kernel covers the current input
     * @throws IllegalStateException for token ids it does not cover (DL4J's loop cannot read them either)
     */
    private boolean onKernel() {
        assertInputSet(false);
        org.deeplearning4j.nn.conf.layers.LSTM conf = layerConf();
        boolean covered = maskArray == null && input.rank() == 3 && input.dataType() == DataType.FLOAT
                && dataType == DataType.FLOAT && conf.getRnnDataFormat() == RNNFormat.NCW
                && conf.getGateActivationFn() instanceof ActivationSigmoid
                && conf.getActivationFn() instanceof ActivationTanH;
        if (!covered && input.size(1) == 1 && conf.getNIn() > 1) {
            throw new IllegalStateException(layerId() + " reads token ids, which only the fused kernel reads, and"
                    + " not with masks, time-major data, other activations or types than float");
        }
        return covered;
    }

    private RecordedPass forward(boolean training, INDArray startOutput, INDArray startCell,
            LayerWorkspaceMgr workspaces) {
        applyDropOutIfNecessary(training, workspaces);
        INDArray inputWeights = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaces);
        INDArray recurrentWeights = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training,
                workspaces);
        INDArray biases = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaces);
        RecordedPass pass = LstmForward.run(input, LayerInput.of(input, inputWeights.size(0), workspaces),
                inputWeights, recurrentWeights, biases, startOutput, startCell, workspaces);
        lastTrainingPass = training ? pass : null;
        return pass;
    }

    /**
     * DL4J's backward pass: after a truncated-BPTT forward pass, DL4J's own layer recomputes the forward pass from
     * the sampling state ({@code stateMap}, normally empty), not from the truncated-BPTT state the forward pass
     * started from; so does this one, to stay on DL4J's trajectory.
     */
    private Pair<Gradient, INDArray> backward(INDArray epsilon, boolean truncated, int tbpttBackwardLength,
            LayerWorkspaceMgr workspaces) {
        INDArray startOutput = truncated ? stateMap.get(STATE_KEY_PREV_ACTIVATION) : null;
        INDArray startCell = truncated ? stateMap.get(STATE_KEY_PREV_MEMCELL) : null;
        RecordedPass pass = lastTrainingPass != null && lastTrainingPass.computedFrom(input, startOutput, startCell)
                ? lastTrainingPass : forward(true, startOutput, startCell, workspaces);
        lastTrainingPass = null;
        if (truncated) {
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, pass.lastAct.detach());
            tBpttStateMap.put(STATE_KEY_PREV_MEMCELL, pass.lastMemCell.detach());
        }
        String[] keys = {LSTMParamInitializer.INPUT_WEIGHT_KEY, LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
                LSTMParamInitializer.BIAS_KEY};
        INDArray[] views = new INDArray[keys.length];
        Gradient gradient = new DefaultGradient();
        for (int k = 0; k < keys.length; k++) {
            views[k] = gradientViews.get(keys[k]);
            gradient.gradientForVariable().put(keys[k], views[k]);
        }
        int steps = pass.input.steps();
        int firstStep = truncated ? Math.max(0, steps - tbpttBackwardLength) : 0;
        INDArray inputWeights = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaces);
        INDArray recurrentWeights = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaces);
        INDArray epsilonOut = LstmBackward.gradients(pass, inputWeights, recurrentWeights, epsilon, firstStep, views,
                !inputGradientUnused(), workspaces);
        weightNoiseParams.clear();
        return new Pair<>(gradient, epsilonOut == null ? null : backpropDropOutIfPresent(epsilonOut));
    }

    /**
     * @return whether nothing consumes the gradient with respect to this layer's input: it is a network's first layer
     *     (the only place this project puts a layer reading token ids), without input dropout, whose backward step
     *     would need it. DL4J's {@code MultiLayerNetwork} then drops it, as it does an embedding layer's missing one.
     */
    private boolean inputGradientUnused() {
        return getIndex() == 0 && layerConf().getIDropout() == null;
    }
}
