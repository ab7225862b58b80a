package org.sparklstm.core.checkpoint;

/** No usable checkpoint where one was asked for: missing, incomplete or damaged. */
public class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing or wrong, naming the location */
    public CheckpointException(String message) {
        super(message);
    }
}
