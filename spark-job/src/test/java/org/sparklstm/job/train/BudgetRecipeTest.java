package org.sparklstm.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.junit.jupiter.api.Test;
import org.sparklstm.core.config.ModelKeys;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.network.NetworkFactory;
import org.sparklstm.core.model.network.NetworkSpec;
import org.sparklstm.core.model.network.TrainingCost;

/** The budget recipe's choice of size and dropout, and the keys it leaves alone. */
class BudgetRecipeTest {
    private static final int VOCABULARY = 80;
    private static final long TOKENS = 1_000_000;

    private static TrainingConfig config(Map<String, String> settings) {
        return TrainingConfig.defaults().with(Map.of("workers", "2"), "test").with(settings, "command line")
                .spendingTheBudget();
    }

    private static MultiLayerConfiguration sized(int hidden) {
        return NetworkFactory.configuration(NetworkSpec.of(config(Map.of("hidden-size", String.valueOf(hidden)))),
                VOCABULARY);
    }

    /** @return whether {@code hidden} reads {@link #TOKENS} enough times in {@code minutes} at {@code flops} */
    private static boolean fits(int hidden, double minutes, double flops) {
        double epochs = BudgetRecipe.EFFICIENCY * flops * minutes * 60 / TrainingCost.flopsPerToken(sized(hidden))
                / TOKENS;
        return epochs >= BudgetRecipe.MIN_EPOCHS
                && TrainingCost.parameters(sized(hidden)) <= BudgetRecipe.MAX_PARAMETERS_PER_TOKEN * TOKENS;
    }

    @Test
    void theWidestSizeThatStillReadsTheCorpusEnoughTimesIsChosenWithItsDropout() {
        double flops = 100e9;
        for (double minutes : new double[] {2, 8, 30, 120}) {
            BudgetRecipe.Choice choice = BudgetRecipe.choose(config(Map.of("max-minutes", String.valueOf(minutes))),
                    TOKENS, VOCABULARY, flops);
            int hidden = choice.config().hiddenSize();
            int index = java.util.Arrays.binarySearch(BudgetRecipe.HIDDEN_SIZES, hidden);
            assertTrue(index >= 0, hidden + " is on the ladder");
            assertTrue(index == 0 || fits(hidden, minutes, flops), choice.why());
            assertTrue(index == BudgetRecipe.HIDDEN_SIZES.length - 1
                    || !fits(BudgetRecipe.HIDDEN_SIZES[index + 1], minutes, flops),
                    "the next wider size would read it too few times or have too many parameters: " + choice.why());
            assertEquals(BudgetRecipe.dropout(hidden), choice.config().get(ModelKeys.DROPOUT));
            assertEquals("the budget recipe", choice.config().source(ModelKeys.HIDDEN_SIZE));
            assertTrue(choice.why().contains(hidden + " lstm"), choice.why());
        }
        int small = BudgetRecipe.choose(config(Map.of("max-minutes", "2")), TOKENS, VOCABULARY, flops).config()
                .hiddenSize();
        int large = BudgetRecipe.choose(config(Map.of("max-minutes", "120")), TOKENS, VOCABULARY, flops).config()
                .hiddenSize();
        assertTrue(large > small, "a longer budget buys a wider network: " + small + ", " + large);
        assertEquals(BudgetRecipe.HIDDEN_SIZES[0], BudgetRecipe.choose(config(Map.of("max-minutes", "1")),
                TOKENS, VOCABULARY, 1e6).config().hiddenSize(), "too slow for any: the narrowest");
        assertEquals(BudgetRecipe.HIDDEN_SIZES[0], BudgetRecipe.choose(config(Map.of("max-minutes", "600")),
                6_000, VOCABULARY, flops).config().hiddenSize(), "a corpus of 6,000 tokens: the narrowest, however long");
        assertTrue(TrainingCost.parameters(sized(large)) <= TOKENS, "a million tokens: at most a million parameters");
    }

    @Test
    void keysTheUserSetKeepTheirValuesAndWithoutATimeBudgetOrANetworkTheRecipeStaysOut() {
        TrainingConfig asked = config(Map.of("max-minutes", "30", "dropout", "0.3"));
        TrainingConfig chosen = BudgetRecipe.choose(asked, TOKENS, VOCABULARY, 100e9).config();
        assertEquals(0.3, chosen.get(ModelKeys.DROPOUT));
        assertTrue(chosen.hiddenSize() > 128, "the size is still the recipe's: " + chosen.hiddenSize());
        assertTrue(BudgetRecipe.applies(asked));
        assertFalse(BudgetRecipe.applies(config(Map.of("max-minutes", "30", "hidden-size", "128"))),
                "a size given, even the default's");
        assertFalse(BudgetRecipe.applies(config(Map.of("epochs", "3"))));
        assertFalse(BudgetRecipe.applies(config(Map.of("max-minutes", "30", "epochs", "3"))), "epochs bound it");
        assertFalse(BudgetRecipe.applies(config(Map.of("max-minutes", "30", "model", "markov"))));
    }
}
