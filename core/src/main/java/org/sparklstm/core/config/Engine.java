package org.sparklstm.core.config;

/** Where the network trains ({@code engine}). */
public enum Engine {
    /** Parameter averaging over the Spark workers. */
    SPARK,
    /** Plain DL4J in the driver JVM, on the same minibatches in the same order. */
    SINGLE
}
