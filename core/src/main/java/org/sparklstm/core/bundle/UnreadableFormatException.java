package org.sparklstm.core.bundle;

import java.io.IOException;

/** A bundle's {@code format_version} is one this build cannot read (newer, or not a bundle version at all). */
public class UnreadableFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int version;

    /** @param version the version the bundle declares (-1 when it declares none) */
    public UnreadableFormatException(int version) {
        super("bundle format_version " + version + " is not readable by this build (reads "
                + ModelBundle.OLDEST_READABLE_VERSION + " to " + ModelBundle.FORMAT_VERSION + ")"
                + (version > ModelBundle.FORMAT_VERSION ? "; it was written by a newer build" : ""));
        this.version = version;
    }

    /** @return whether a newer build wrote it */
    public boolean newer() {
        return version > ModelBundle.FORMAT_VERSION;
    }
}
