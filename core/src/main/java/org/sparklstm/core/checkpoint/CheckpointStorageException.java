package org.sparklstm.core.checkpoint;

import java.io.IOException;

/**
 * A checkpoint could not be read or written because storage failed (not because it is damaged): whether it is
 * valid is unknown, so nothing is concluded from it. Commands exit with the storage error code; retry later.
 */
public class CheckpointStorageException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be read, naming the location
     * @param cause the storage error
     */
    public CheckpointStorageException(String message, IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
