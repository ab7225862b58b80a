package org.sparklstm.core.config;

/** How minibatches reach DL4J's workers ({@code training-approach}). */
public enum TrainingApproach {
    /** Inside Spark's tasks. */
    DIRECT,
    /** Written under the run root first, then read back by the workers. */
    EXPORT
}
