package org.sparklstm.core.config;

/** How the learning rate falls over a run's budget ({@code learning-rate-decay}). */
public enum LearningRateDecay {
    /** It stays at the base rate (but for warm-up and the half-life). */
    NONE,
    /** Half a cosine from the base rate at the start of the budget to learning-rate-floor of it at its end. */
    COSINE
}
