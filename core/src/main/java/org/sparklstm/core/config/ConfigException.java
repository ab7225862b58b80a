package org.sparklstm.core.config;

/** A configuration value that is unknown, malformed or out of range; the message names the key. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The offending key, as written in a configuration file or as a command-line option without dashes. */
    private final String key;

    /**
     * @param key the offending key
     * @param problem what is wrong with it
     */
    public ConfigException(String key, String problem) {
        super("'" + key + "' (option --" + key + "): " + problem);
        this.key = key;
    }

    /** @return the offending key */
    public String key() {
        return key;
    }
}
