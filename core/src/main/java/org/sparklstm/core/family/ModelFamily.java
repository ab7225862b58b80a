package org.sparklstm.core.family;

import java.util.Locale;

/**
 * What {@code --model} names: a recurrent network of one {@link NetworkKind}, the Markov chain, or their mixture.
 * A family says what a run trains; the trainer for each is chosen from it in one place
 * ({@code DistributedTrainer}).
 */
public enum ModelFamily {
    /** A stacked LSTM. */
    LSTM(NetworkKind.LSTM),
    /** A tanh SimpleRnn. */
    RNN(NetworkKind.RNN),
    /** A SimpleRnn with ReLU and identity-initialised recurrent weights. */
    IRNN(NetworkKind.IRNN),
    /** An order-n chain with interpolated Kneser-Ney smoothing. */
    MARKOV(null, "order-n chain with interpolated Kneser-Ney smoothing, counted by Spark"),
    /** A network (chosen by {@code --of}) and the Markov chain, interpolated. */
    MIXTURE(null, "a network and the Markov chain, interpolated with a weight fitted on the validation split; "
            + "see --of");

    private final NetworkKind network;
    private final String description;

    ModelFamily(NetworkKind network) {
        this(network, network.description());
    }

    ModelFamily(NetworkKind network, String description) {
        this.network = network;
        this.description = description;
    }

    /** @return its name in configurations: lstm, rnn, irnn, markov or mixture */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what it is, in a few words */
    public String description() {
        return description;
    }

    /** @return the network a run of this family alone trains, or null (the chain, or a mixture's {@code --of}) */
    public NetworkKind network() {
        return network;
    }

    /** @return whether a run of this family counts the Markov chain */
    public boolean countsChain() {
        return this == MARKOV || this == MIXTURE;
    }

    /** @return whether a run of this family trains a network */
    public boolean trainsNetwork() {
        return this != MARKOV;
    }
}
