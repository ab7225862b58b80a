package org.sparklstm.core.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One documented, validated configuration key: its name (also the command-line option, without
 * {@code --}), default, allowed range and description.
 *
 * @param <T> the value's type
 */
public final class ConfigParam<T> {
    private final String name;
    private final String description;
    private final T defaultValue;
    private final Function<String, T> parser;
    private final Predicate<T> allowed;
    private final String allowedText;

    private ConfigParam(String name, String description, T defaultValue, Function<String, T> parser,
                        Predicate<T> allowed, String allowedText) {
        this.name = name;
        this.description = description;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.allowed = allowed;
        this.allowedText = allowedText;
    }

    /**
     * An integer key with the inclusive range [min, max].
     *
     * @param name the key
     * @param defaultValue its default
     * @param min smallest allowed value
     * @param max largest allowed value
     * @param description what it does
     * @return the parameter
     */
    public static ConfigParam<Integer> ofInt(String name, int defaultValue, int min, int max, String description) {
        return new ConfigParam<>(name, description, defaultValue, Integer::valueOf,
                v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]");
    }

    /**
     * A long key with the inclusive range [min, max].
     *
     * @param name the key
     * @param defaultValue its default
     * @param min smallest allowed value
     * @param max largest allowed value
     * @param description what it does
     * @return the parameter
     */
    public static ConfigParam<Long> ofLong(String name, long defaultValue, long min, long max, String description) {
        return new ConfigParam<>(name, description, defaultValue, Long::valueOf,
                v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]");
    }

    /**
     * A floating-point key with the range [min, max] (or (min, max] when {@code minExclusive}).
     *
     * @param name the key
     * @param defaultValue its default
     * @param min lower bound
     * @param minExclusive whether {@code min} itself is refused
     * @param max largest allowed value
     * @param description what it does
     * @return the parameter
     */
    public static ConfigParam<Double> ofDouble(String name, double defaultValue, double min, boolean minExclusive,
                                               double max, String description) {
        return new ConfigParam<>(name, description, defaultValue, Double::valueOf,
                d -> !Double.isNaN(d) && (minExclusive ? d > min : d >= min) && d <= max,
                "a number in " + (minExclusive ? "(" : "[") + min + ", " + max + "]");
    }

    /**
     * An integer-range key ({@code min..max}) whose bounds lie in [lowest, highest].
     *
     * @param name the key
     * @param defaultValue its default
     * @param lowest smallest allowed bound
     * @param highest largest allowed bound
     * @param description what it does
     * @return the parameter
     */
    public static ConfigParam<IntRange> ofIntRange(String name, IntRange defaultValue, int lowest, int highest,
                                                   String description) {
        return new ConfigParam<>(name, description, defaultValue, IntRange::parse,
                r -> r.min() >= lowest && r.max() <= highest,
                "a range min..max of integers within [" + lowest + ", " + highest + "]");
    }

    /**
     * A key taking one of a fixed set of words.
     *
     * @param name the key
     * @param defaultValue its default
     * @param allowed the allowed words
     * @param description what it does
     * @return the parameter
     */
    public static ConfigParam<String> ofChoice(String name, String defaultValue, List<String> allowed,
                                               String description) {
        return new ConfigParam<>(name, description, defaultValue, s -> s.trim().toLowerCase(Locale.ROOT),
                allowed::contains, "one of " + allowed);
    }

    /** @return the key */
    public String name() {
        return name;
    }

    /** @return what the key does */
    public String description() {
        return description;
    }

    /** @return the default value */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * Parses and validates a value given as text.
     *
     * @param text the value
     * @return the typed value
     * @throws ConfigException naming this key if the text is malformed or out of range
     */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(name, "cannot read '" + text + "'; expected " + allowedText);
        }
        validate(value);
        return value;
    }

    /**
     * @param value a typed value
     * @throws ConfigException naming this key if it is out of range
     */
    public void validate(T value) {
        if (!allowed.test(value)) {
            throw new ConfigException(name, "must be " + allowedText + ", got " + value);
        }
    }

    /** @return the allowed values, in words */
    public String allowedText() {
        return allowedText;
    }
}
