package org.sparklstm.core.config;

import java.util.List;

/**
 * One group of the configuration's keys, as the reference documents them.
 *
 * @param title the group's heading
 * @param description what its keys are about
 * @param keys its keys, in order
 */
public record KeyGroup(String title, String description, List<ConfigParam<?>> keys) {
    /**
     * @param title the group's heading
     * @param description what its keys are about
     * @param keys its keys, in order
     */
    public KeyGroup {
        keys = List.copyOf(keys);
    }
}
