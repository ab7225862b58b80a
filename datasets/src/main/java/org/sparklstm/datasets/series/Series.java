package org.sparklstm.datasets.series;

/**
 * One numeric series of a file, in time order: its name ({@code /data/prices.csv#DAX}, or
 * {@code /data/prices.csv#SAP:close} with a key column, a {@code /} in a key written {@code %2F}), whose part after
 * the last {@code /} a split hashes, and its levels.
 *
 * @param name the file's path, {@code #}, the key and {@code :} (if any) and the value column
 * @param levels its values in time order, gaps and bad cells left out
 */
public record Series(String name, double[] levels) {
}
