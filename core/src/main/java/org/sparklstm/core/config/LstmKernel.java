package org.sparklstm.core.config;

/** How an LSTM layer computes its passes ({@code lstm-kernel}). */
public enum LstmKernel {
    /** The fused kernel: the inputs' part of every step at once, then per step one product and one loop. */
    FUSED,
    /** DL4J's own loop of ND4J calls per step. */
    DL4J
}
