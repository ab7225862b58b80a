package org.sparklstm.core.model.network;

import org.sparklstm.core.config.ClipBy;
import org.sparklstm.core.config.ConfigException;
import org.sparklstm.core.config.LstmKernel;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.family.NetworkKind;

/**
 * The model keys a network is built from: what {@link NetworkFactory} receives instead of the whole configuration.
 *
 * @param kind the recurrent layers' kind
 * @param layers how many recurrent layers
 * @param hiddenSize units in each
 * @param learningRate Adam's learning rate over the run
 * @param gradientClip the clipping threshold (0: none)
 * @param clipBy what the threshold bounds
 * @param weightDecay the decoupled weight decay's coefficient (0: none)
 * @param dropout the share of a layer's inputs dropped, for every layer after the first
 * @param kernel how an LSTM layer computes its passes
 * @param tbpttLength truncated BPTT's length (0: the whole window)
 * @param seed the weights' seed
 */
public record NetworkSpec(NetworkKind kind, int layers, int hiddenSize, LearningRateSchedule learningRate,
                          double gradientClip, ClipBy clipBy, double weightDecay, double dropout, LstmKernel kernel,
                          int tbpttLength, long seed) {

    /**
     * @param config a run's configuration
     * @return its network's keys
     * @throws ConfigException naming {@code model} if the family trains no network (the Markov chain alone)
     */
    public static NetworkSpec of(TrainingConfig config) {
        NetworkKind kind = config.networkKind();
        if (kind == null) {
            throw new ConfigException(ModelKeys.MODEL.name(), config.family().key() + " has no network");
        }
        LearningRateSchedule rate = new LearningRateSchedule(config.get(ModelKeys.LEARNING_RATE),
                config.get(ModelKeys.WARMUP_ITERATIONS), config.get(ModelKeys.LEARNING_RATE_HALF_LIFE),
                config.get(ModelKeys.LEARNING_RATE_DECAY), config.get(ModelKeys.LEARNING_RATE_FLOOR));
        return new NetworkSpec(kind, config.get(ModelKeys.LAYERS), config.get(ModelKeys.HIDDEN_SIZE), rate,
                config.get(ModelKeys.GRADIENT_CLIP), config.get(ModelKeys.GRADIENT_CLIP_BY),
                config.get(ModelKeys.WEIGHT_DECAY), config.get(ModelKeys.DROPOUT), config.get(ModelKeys.LSTM_KERNEL),
                config.get(ModelKeys.TBPTT_LENGTH), config.seed());
    }
}
