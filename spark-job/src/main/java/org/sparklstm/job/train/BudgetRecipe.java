package org.sparklstm.job.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.RunKeys;
import org.sparklstm.core.config.SparkKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.TrainingCost;

/**
 * What a time budget buys. A new network trained {@code --max-minutes M} (and no epoch count) with its size left
 * at the default gets the widest layers of {@link #HIDDEN_SIZES} that still read the training tokens
 * {@link #MIN_EPOCHS} times in the budget, foreseen from the workers' measured matrix-product rate
 * ({@link ClusterRate}), the network's FLOPs per token ({@link TrainingCost}) and the share of that rate training
 * reaches ({@link #EFFICIENCY}), and that has no more than {@link #MAX_PARAMETERS_PER_TOKEN} parameters per
 * training token (a small corpus gets a small network however long the budget); with the dropout that size was
 * measured to want. Every key a user set keeps its value. The figures are from {@code scripts/budget-sweep.sh}
 * runs (docs/models.md).
 */
final class BudgetRecipe {
    /** The layer widths the recipe chooses from. */
    static final int[] HIDDEN_SIZES = {128, 192, 256, 384, 512, 768, 1024};
    /** Passes over the training tokens a budget must allow the chosen size. */
    static final double MIN_EPOCHS = 12;
    /** Parameters per training token, at most: wider networks only memorise a corpus this small. */
    static final double MAX_PARAMETERS_PER_TOKEN = 1;
    /**
     * The share of the workers' measured matrix-product rate that a budget's training reaches, its evaluations
     * and start-up included: 49% for a 2 x 128 LSTM and 60% for a 2 x 256 one over 8 minutes on Moby Dick.
     */
    static final double EFFICIENCY = 0.5;

    /**
     * @param config what the run would train, the recipe's keys perhaps still at their defaults
     * @param why what the recipe chose and why, for the log
     */
    record Choice(TrainingConfig config, String why) {
    }

    private BudgetRecipe() {
    }

    /**
     * @param config the run's configuration
     * @return whether the recipe picks its model: a network whose size is left to it, trained for a time budget
     *         alone ({@link TrainingConfig#spendingTheBudget}: no epoch count bounds it)
     */
    static boolean applies(TrainingConfig config) {
        return config.get(RunKeys.MAX_MINUTES) > 0 && config.get(RunKeys.EPOCHS) == RunKeys.UNBOUNDED_EPOCHS
                && config.networkKind() != null
                && TrainingConfig.SOURCE_DEFAULT.equals(config.source(ModelKeys.HIDDEN_SIZE));
    }

    /**
     * @param config the run's configuration ({@link #applies} to it)
     * @param trainingTokens tokens on the training side
     * @param vocabularySize the codec's vocabulary
     * @param flopsPerSecond the workers' summed matrix-product rate
     * @return the configuration with the recipe's choices for the keys left at their defaults
     */
    static Choice choose(TrainingConfig config, long trainingTokens, int vocabularySize, double flopsPerSecond) {
        double seconds = config.get(RunKeys.MAX_MINUTES) * 60;
        int hidden = HIDDEN_SIZES[0];
        double epochs = epochs(config, hidden, trainingTokens, vocabularySize, flopsPerSecond, seconds);
        for (int candidate : HIDDEN_SIZES) {
            double e = epochs(config, candidate, trainingTokens, vocabularySize, flopsPerSecond, seconds);
            if (e >= MIN_EPOCHS && parameters(config, candidate, vocabularySize)
                    <= MAX_PARAMETERS_PER_TOKEN * trainingTokens) {
                hidden = candidate;
                epochs = e;
            }
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        chosen.put(ModelKeys.HIDDEN_SIZE.name(), String.valueOf(hidden));
        if (TrainingConfig.SOURCE_DEFAULT.equals(config.source(ModelKeys.DROPOUT))) {
            chosen.put(ModelKeys.DROPOUT.name(), String.valueOf(dropout(hidden)));
        }
        TrainingConfig recipe = config.with(chosen, "the budget recipe");
        String why = String.format(Locale.ROOT, "%s for %.4g minutes: the %d workers multiply matrices at %.1f "
                        + "GFLOP/s; at %.0f%% of that, a %d x %d %s (%,d parameters) trains about %,.0f tokens/s, "
                        + "%.1f passes over the %,d training tokens (the widest of %s reading them at least %.0f "
                        + "times, with at most %.1f parameters per training token)",
                chosen, config.get(RunKeys.MAX_MINUTES), config.get(SparkKeys.WORKERS),
                flopsPerSecond / 1e9, EFFICIENCY * 100, config.layers(), hidden, config.networkKind().key(),
                parameters(config, hidden, vocabularySize),
                tokensPerSecond(config, hidden, vocabularySize, flopsPerSecond), epochs, trainingTokens,
                Arrays.toString(HIDDEN_SIZES), MIN_EPOCHS, MAX_PARAMETERS_PER_TOKEN);
        return new Choice(recipe, why);
    }

    /** @return the dropout between layers measured to suit layers this wide */
    static double dropout(int hidden) {
        return hidden <= 128 ? 0 : hidden <= 256 ? 0.1 : 0.2;
    }

    private static double epochs(TrainingConfig config, int hidden, long trainingTokens, int vocabularySize,
                                 double flopsPerSecond, double seconds) {
        return tokensPerSecond(config, hidden, vocabularySize, flopsPerSecond) * seconds / Math.max(1, trainingTokens);
    }

    private static double tokensPerSecond(TrainingConfig config, int hidden, int vocabularySize,
                                          double flopsPerSecond) {
        return EFFICIENCY * flopsPerSecond / TrainingCost.flopsPerToken(sized(config, hidden, vocabularySize));
    }

    private static long parameters(TrainingConfig config, int hidden, int vocabularySize) {
        return TrainingCost.parameters(sized(config, hidden, vocabularySize));
    }

    private static MultiLayerConfiguration sized(TrainingConfig config, int hidden, int vocabularySize) {
        TrainingConfig sized = config.with(Map.of(ModelKeys.HIDDEN_SIZE.name(), String.valueOf(hidden)), "recipe");
        return NetworkFactory.configuration(NetworkSpec.of(sized), vocabularySize);
    }
}
