package org.sparklstm.job.cluster;

/**
 * Training failed because the cluster manager killed executors for exceeding their container's memory; the message
 * names the setting to raise ({@link ContainerMemory#advice()}).
 */
public final class ContainerMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContainerMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
