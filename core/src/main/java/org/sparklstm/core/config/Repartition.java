package org.sparklstm.core.config;

/** Whether DL4J repartitions each round's minibatches ({@code repartition}). */
public enum Repartition {
    /** Keep this job's seeded assignment of minibatches to workers (exact resume). */
    NEVER,
    /** Always repartition. */
    ALWAYS,
    /** Repartition when the partitions and the workers differ in number. */
    NUM_PARTITIONS_WORKERS_DIFFERS
}
