package org.sparklstm.core.family;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code --model} names: a recurrent network of each {@link NetworkKind} (so a new kind is a new family
 * without more code), the Markov chain, or their mixture. A family says what a run trains; the trainer for each
 * is chosen from it in one place ({@code DistributedTrainer}).
 *
 * @param key its name in configurations: lstm, rnn, irnn, markov or mixture
 * @param network the network a run of this family trains alone, or null (the chain, or a mixture's {@code --of})
 * @param countsChain whether a run of this family counts the Markov chain
 * @param description what it is, in a few words
 */
public record ModelFamily(String key, NetworkKind network, boolean countsChain, String description) {
    /** An order-n chain with interpolated Kneser-Ney smoothing. */
    public static final ModelFamily MARKOV = new ModelFamily("markov", null, true,
            "order-n chain with interpolated Kneser-Ney smoothing, counted by Spark");
    /** A network (chosen by {@code --of}) and the Markov chain, interpolated. */
    public static final ModelFamily MIXTURE = new ModelFamily("mixture", null, true,
            "a network and the Markov chain, interpolated with a weight fitted on the validation split; see --of");

    private static final List<ModelFamily> ALL = all();

    /**
     * @param kind a network kind
     * @return the family of that network alone
     */
    public static ModelFamily of(NetworkKind kind) {
        return ALL.get(kind.ordinal());
    }

    /** @return every family: each network kind, then the chain and the mixture */
    public static List<ModelFamily> values() {
        return ALL;
    }

    private static List<ModelFamily> all() {
        List<ModelFamily> all = new ArrayList<>(Arrays.stream(NetworkKind.values())
                .map(k -> new ModelFamily(k.key(), k, false, k.description())).toList());
        all.add(MARKOV);
        all.add(MIXTURE);
        return List.copyOf(all);
    }

    /** @return whether this is the mixture of a network and the chain */
    public boolean isMixture() {
        return equals(MIXTURE);
    }
}
