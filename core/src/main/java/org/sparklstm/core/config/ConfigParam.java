package org.sparklstm.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final Function<T, String> printer;

    private ConfigParam(String name, String description, T defaultValue, Function<String, T> parser,
                        Predicate<T> allowed, String allowedText) {
        this(name, description, defaultValue, parser, allowed, allowedText, String::valueOf);
    }

    private ConfigParam(String name, String description, T defaultValue, Function<String, T> parser,
                        Predicate<T> allowed, String allowedText, Function<T, String> printer) {
        this.printer = printer;
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
     * A key taking one of an enum's constants, each written as its name in lower case with hyphens
     * ({@code NUM_PARTITIONS_WORKERS_DIFFERS} as {@code num-partitions-workers-differs}).
     *
     * @param name the key
     * @param defaultValue its default
     * @param description what it does
     * @param <E> the enum
     * @return the parameter
     */
    public static <E extends Enum<E>> ConfigParam<E> ofEnum(String name, E defaultValue, String description) {
        return ofChoices(name, defaultValue, List.of(defaultValue.getDeclaringClass().getEnumConstants()),
                ConfigParam::key, description);
    }

    /**
     * A key taking a name (a field or column).
     *
     * @param name the key
     * @param defaultValue its default
     * @param allowEmpty whether the empty string (meaning none) is allowed
     * @param description what it does
     * @return the parameter
     */
    public static ConfigParam<String> ofName(String name, String defaultValue, boolean allowEmpty,
                                             String description) {
        return new ConfigParam<>(name, description, defaultValue, s -> s,
                s -> s != null && (allowEmpty || !s.isEmpty()) && s.strip().equals(s),
                allowEmpty ? "a name, or empty for none" : "a non-empty name");
    }

    /**
     * A key taking one of a fixed list of values, each written as its own word.
     *
     * @param name the key
     * @param defaultValue its default
     * @param choices the allowed values
     * @param word how each is written
     * @param description what it does
     * @param <C> the values' type
     * @return the parameter
     */
    public static <C> ConfigParam<C> ofChoices(String name, C defaultValue, List<C> choices, Function<C, String> word,
                                               String description) {
        Map<String, C> byWord = new LinkedHashMap<>();
        choices.forEach(c -> byWord.put(word.apply(c), c));
        String allowedText = "one of " + List.copyOf(byWord.keySet());
        return new ConfigParam<>(name, description, defaultValue, s -> {
            C value = byWord.get(s.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new ConfigException(name, "must be " + allowedText + ", got " + s);
            }
            return value;
        }, choices::contains, allowedText, word);
    }

    /**
     * @param constant an enum constant
     * @return how a configuration writes it: its name in lower case, with hyphens for underscores
     */
    public static String key(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param value a value of this key
     * @return it as a configuration writes it (and {@link #parse} reads it back)
     */
    public String format(T value) {
        return printer.apply(value);
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

    /** @return the default value as a configuration writes it */
    public String defaultText() {
        return format(defaultValue);
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
        } catch (ConfigException e) {
            throw e;
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
