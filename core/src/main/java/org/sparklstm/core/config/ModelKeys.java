package org.sparklstm.core.config;

import java.util.List;
import org.sparklstm.core.family.ModelFamily;
import org.sparklstm.core.family.NetworkKind;

/** The keys that define the model: its family, shape, optimiser and seed. Read by the network factory (through {@code NetworkSpec}) and saved with every checkpoint. */
public final class ModelKeys {
    /** The model family. */
    public static final ConfigParam<ModelFamily> MODEL = ConfigParam.ofChoices("model",
            ModelFamily.of(NetworkKind.LSTM), ModelFamily.values(), ModelFamily::key,
            "model family: " + familiesDescribed());
    /** The mixture's components. */
    public static final ConfigParam<NetworkKind> OF = ConfigParam.ofChoices("of", NetworkKind.LSTM,
            List.of(NetworkKind.values()), k -> k.key() + ",markov",
            "the two models a mixture interpolates (with --model mixture): a network family and markov");
    /** The Markov chain's order. */
    public static final ConfigParam<Integer> ORDER = ConfigParam.ofInt("order", 6, 1, 16,
            "Markov chain order n (markov, mixture): each symbol is predicted from the n-1 before it");
    /** Recurrent layers. */
    public static final ConfigParam<Integer> LAYERS = ConfigParam.ofInt("layers", 2, 1, 8,
            "number of stacked recurrent layers");
    /** Units per recurrent layer. */
    public static final ConfigParam<Integer> HIDDEN_SIZE = ConfigParam.ofInt("hidden-size", 128, 1, 4096,
            "units in each recurrent layer");
    /** Tokens per training window (the BPTT length). */
    public static final ConfigParam<Integer> SEQUENCE_LENGTH = ConfigParam.ofInt("sequence-length", 100, 2, 10_000,
            "tokens per training window; gradients flow back through this many steps");
    /** Windows per minibatch on each worker. */
    public static final ConfigParam<Integer> BATCH_SIZE = ConfigParam.ofInt("batch-size", 16, 1, 4096,
            "windows per minibatch on each worker");
    /** Adam's learning rate. */
    public static final ConfigParam<Double> LEARNING_RATE = ConfigParam.ofDouble("learning-rate", 0.01, 0, true, 1,
            "Adam learning rate");
    /** Element-wise gradient clipping threshold. */
    public static final ConfigParam<Double> GRADIENT_CLIP = ConfigParam.ofDouble("gradient-clip", 1.0, 0, false, 1e6,
            "the gradient clipping threshold c (see gradient-clip-by); 0 turns clipping off");
    /** What the clipping threshold bounds. */
    public static final ConfigParam<ClipBy> GRADIENT_CLIP_BY = ConfigParam.ofEnum("gradient-clip-by", ClipBy.NORM,
            "norm scales each layer's gradient down to an L2 norm of at most c, keeping its direction (the default: "
                    + "5% lower validation loss than element after 1,500 iterations, docs/models.md); element clips "
                    + "each gradient element to [-c, c]");
    /** Weight decay. */
    public static final ConfigParam<Double> WEIGHT_DECAY = ConfigParam.ofDouble("weight-decay", 0, 0, false, 1,
            "decoupled weight decay: every step shrinks each weight by this share of itself, times the learning "
                    + "rate (0: none)");
    /** Dropout between layers. */
    public static final ConfigParam<Double> DROPOUT = ConfigParam.ofDouble("dropout", 0, 0, false, 0.9,
            "share of a layer's inputs dropped in training, for every layer after the first (0: none)");
    /** How an LSTM layer computes its passes. */
    public static final ConfigParam<LstmKernel> LSTM_KERNEL = ConfigParam.ofEnum("lstm-kernel", LstmKernel.FUSED,
            "lstm: fused computes the inputs' part of every step at once, then per step one "
                    + "OpenBLAS product and one vectorised Java loop, forward and backward (the same model and "
                    + "parameters, three to four times faster); dl4j runs DL4J's own loop of a dozen ND4J calls per "
                    + "step. A network loaded to resume or retrain moves to the kernel asked for");
    /** Truncated BPTT. */
    public static final ConfigParam<Integer> TBPTT_LENGTH = ConfigParam.ofInt("tbptt-length", 0, 0, 10_000,
            "truncated backpropagation through time: update after every this many steps of a window, carrying "
                    + "the state on (0: backpropagate through the whole window)");
    /** Learning-rate decay. */
    public static final ConfigParam<Integer> LEARNING_RATE_HALF_LIFE = ConfigParam.ofInt("learning-rate-half-life",
            0, 0, Integer.MAX_VALUE, "iterations over which the learning rate halves, decaying exponentially "
                    + "(0: constant)");
    /** Learning-rate warm-up. */
    public static final ConfigParam<Integer> WARMUP_ITERATIONS = ConfigParam.ofInt("warmup-iterations", 0, 0,
            Integer.MAX_VALUE, "iterations over which the learning rate rises linearly from nothing to its value, "
                    + "at the start of a run and of each retraining generation (0: none)");
    /** Learning-rate decay over the budget. */
    public static final ConfigParam<LearningRateDecay> LEARNING_RATE_DECAY = ConfigParam.ofEnum(
            "learning-rate-decay", LearningRateDecay.COSINE, "cosine lowers the learning rate on half a cosine to "
                    + "learning-rate-floor of it over the run's budget (its epochs, max-iterations or max-minutes, "
                    + "whichever ends first); none keeps it");
    /** Where a cosine decay ends. */
    public static final ConfigParam<Double> LEARNING_RATE_FLOOR = ConfigParam.ofDouble("learning-rate-floor", 0.05,
            0, false, 1, "the share of the learning rate a cosine decay ends at, when the budget is spent");
    /** Random seed. */
    public static final ConfigParam<Long> SEED = ConfigParam.ofLong("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE,
            "seed for weight initialisation, data order and sampling");

    /** These keys, in the order they are documented. */
    public static final KeyGroup GROUP = new KeyGroup("Model",
            "the family, its shape, its optimiser and the seed; saved with every checkpoint",
            List.of(MODEL, OF, ORDER, LAYERS, HIDDEN_SIZE, SEQUENCE_LENGTH, BATCH_SIZE, LEARNING_RATE, GRADIENT_CLIP,
                    GRADIENT_CLIP_BY, WEIGHT_DECAY, DROPOUT, LSTM_KERNEL, TBPTT_LENGTH, LEARNING_RATE_HALF_LIFE,
                    WARMUP_ITERATIONS, LEARNING_RATE_DECAY, LEARNING_RATE_FLOOR, SEED));

    private ModelKeys() {
    }

    /** @return the families and what each is, as the {@code model} key's description lists them */
    private static String familiesDescribed() {
        StringBuilder sb = new StringBuilder();
        List<ModelFamily> families = ModelFamily.values();
        for (int i = 0; i < families.size(); i++) {
            sb.append(i == 0 ? "" : i == families.size() - 1 ? " or " : ", ").append(families.get(i).key())
                    .append(" (").append(families.get(i).description()).append(")");
        }
        return sb.toString();
    }
}
