package org.sparklstm.core.checkpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a lease holder runs, as far as a lease can tell: the host name, the kernel's boot id and the pid namespace,
 * so that containers sharing a host name are told apart, and whether a holder's process on this machine is alive.
 */
final class LeaseMachine {
    private static final String UNKNOWN = "unknown";

    private LeaseMachine() {
    }

    /** @return this machine and process namespace, as {@code host|boot id|pid namespace} */
    static String current() {
        return hostName() + "|" + readOr(Path.of("/proc/sys/kernel/random/boot_id")) + "|" + pidNamespace();
    }

    /** @return this machine's host name */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /**
     * @param here this participant's machine ({@link #current()})
     * @param holderMachine the machine a lease names
     * @param pid the holder's process id
     * @param startedMillis when the holder's process started (epoch milliseconds), so a reused pid is not it
     * @return whether the holder's process is alive, when it ran on this machine; empty when that cannot be told here
     */
    static Optional<Boolean> alive(String here, String holderMachine, long pid, long startedMillis) {
        if (here.endsWith("|" + UNKNOWN) || !here.equals(holderMachine)) {
            return Optional.empty();
        }
        return Optional.of(ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                .map(i -> i.toEpochMilli() == startedMillis).orElse(false));
    }

    private static String pidNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static String readOr(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
