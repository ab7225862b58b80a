package org.sparklstm.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code key=value} configuration overrides that end a benchmark's command line. */
final class Overrides {
    private Overrides() {
    }

    /**
     * @param args the command line
     * @param from the index of the first override
     * @return key to value, for {@code TrainingConfig.with}
     */
    static Map<String, String> parse(String[] args, int from) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not a key=value override: " + args[i]);
            }
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return overrides;
    }
}
