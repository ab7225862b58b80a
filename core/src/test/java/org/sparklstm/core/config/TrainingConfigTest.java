package org.sparklstm.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void defaultsAreEachWithinTheirOwnRange() {
        TrainingConfig defaults = TrainingConfig.defaults();
        for (ConfigParam<?> p : TrainingConfig.PARAMS) {
            assertEquals(TrainingConfig.SOURCE_DEFAULT, defaults.source(p));
            assertEquals(defaults.get(p), p.parse(p.defaultText()), p.name());
        }
    }

    @Test
    void fileThenCommandLineOverrideAndRememberTheirSource() throws IOException {
        Map<String, String> file = TrainingConfig.readProperties(new StringReader("epochs = 3\nhidden-size=64\n"));
        TrainingConfig config = TrainingConfig.defaults().with(file, "run.properties")
                .with(Map.of("epochs", "5"), "command line");
        assertEquals(5, config.get(RunKeys.EPOCHS));
        assertEquals("command line", config.source(RunKeys.EPOCHS));
        assertEquals(64, config.hiddenSize());
        assertEquals("run.properties", config.source(ModelKeys.HIDDEN_SIZE));
        assertEquals(config.toPropertiesText(),
                TrainingConfig.fromPropertiesText(config.toPropertiesText(), "saved").toPropertiesText());
    }

    @Test
    void aTimeBudgetGivenWithoutEpochsIsSpentButGivenEpochsStand() {
        TrainingConfig budget = TrainingConfig.defaults().with(Map.of("max-minutes", "30"), "command line");
        assertEquals(RunKeys.UNBOUNDED_EPOCHS, budget.spendingTheBudget().get(RunKeys.EPOCHS));
        assertEquals("max-minutes without epochs", budget.spendingTheBudget().source(RunKeys.EPOCHS));
        TrainingConfig both = TrainingConfig.defaults().with(Map.of("max-minutes", "30", "epochs", "10"),
                "command line");
        assertEquals(10, both.spendingTheBudget().get(RunKeys.EPOCHS), "epochs given explicitly, even the default");
        assertEquals(10, TrainingConfig.defaults().spendingTheBudget().get(RunKeys.EPOCHS), "no budget");
    }

    @Test
    void unknownKeyIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainingConfig.defaults().with(Map.of("hiden-size", "3"), "f"));
        assertEquals("hiden-size", e.key());
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    }

    @Test
    void outOfRangeAndMalformedValuesNameTheKeyAndTheRange() {
        ConfigException negative = assertThrows(ConfigException.class,
                () -> TrainingConfig.defaults().with(Map.of("learning-rate", "-0.1"), "f"));
        assertEquals("learning-rate", negative.key());
        assertTrue(negative.getMessage().contains("(0.0, 1.0]"), negative.getMessage());
        ConfigException epochs = assertThrows(ConfigException.class,
                () -> TrainingConfig.defaults().with(Map.of("epochs", "-1"), "f"));
        assertTrue(epochs.getMessage().contains("--epochs"), epochs.getMessage());
        assertEquals("model", assertThrows(ConfigException.class,
                () -> TrainingConfig.defaults().with(Map.of("model", "gru"), "f")).key());
        assertEquals("layers", assertThrows(ConfigException.class,
                () -> TrainingConfig.defaults().with(Map.of("layers", "two"), "f")).key());
    }
}
