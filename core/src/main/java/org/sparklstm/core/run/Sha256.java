package org.sparklstm.core.run;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the digest of everything a run records (checkpoint manifests, leases, corpus files and listings). */
public final class Sha256 {
    private Sha256() {
    }

    /** @return a fresh SHA-256 digest (every JVM has one) */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * @param bytes what to digest
     * @return its SHA-256, in lower-case hex
     */
    public static String hex(byte[] bytes) {
        return hexOf(newDigest().digest(bytes));
    }

    /**
     * @param digest a digest to finish
     * @return its value, in lower-case hex
     */
    public static String hex(MessageDigest digest) {
        return hexOf(digest.digest());
    }

    private static String hexOf(byte[] value) {
        return HexFormat.of().formatHex(value);
    }
}
