package org.sparklstm.core.model.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparklstm.core.config.LearningRateDecay;

/** The learning rate's warm-up, half-life and cosine decay, alone and together. */
class LearningRateScheduleTest {
    @Test
    void aConstantRateIsTheBaseRateThroughout() {
        LearningRateSchedule constant = new LearningRateSchedule(0.01, 0, 0, LearningRateDecay.NONE, 0.01);
        assertEquals(0.01, constant.at(0, 0));
        assertEquals(0.01, constant.at(1_000_000, 1));
    }

    @Test
    void warmUpRisesLinearlyToTheBaseRate() {
        LearningRateSchedule warm = new LearningRateSchedule(0.01, 9, 0, LearningRateDecay.NONE, 0.01);
        assertEquals(0.001, warm.at(0, 0), 1e-12);
        assertEquals(0.005, warm.at(4, 0), 1e-12);
        assertEquals(0.01, warm.at(9, 0), 1e-12);
        assertEquals(0.01, warm.at(500, 0.5), 1e-12);
    }

    @Test
    void theHalfLifeHalvesTheRateEverySoManyIterations() {
        LearningRateSchedule halving = new LearningRateSchedule(0.01, 0, 100, LearningRateDecay.NONE, 0.01);
        assertEquals(0.005, halving.at(100, 0), 1e-12);
        assertEquals(0.0025, halving.at(200, 0.9), 1e-12);
    }

    @Test
    void aCosineFallsFromTheBaseRateToItsFloorOverTheBudgetAndStaysThere() {
        LearningRateSchedule cosine = new LearningRateSchedule(0.01, 10, 0, LearningRateDecay.COSINE, 0.05);
        assertEquals(0.01 / 11, cosine.at(0, 0), 1e-12, "warm-up first");
        assertEquals(0.01, cosine.at(10, 0), 1e-12);
        assertEquals(0.01 * (1 + 0.05) / 2, cosine.at(50, 0.5), 1e-12);
        assertEquals(0.01 * 0.05, cosine.at(99, 1), 1e-12);
        assertEquals(0.01 * 0.05, cosine.at(99, 1.5), 1e-12, "past the budget");
        double previous = Double.MAX_VALUE;
        for (int i = 0; i <= 20; i++) {
            double rate = cosine.at(10, i / 20.0);
            assertTrue(rate < previous, "falls all along: " + rate);
            previous = rate;
        }
    }
}
