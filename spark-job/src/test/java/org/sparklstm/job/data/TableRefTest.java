package org.sparklstm.job.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The corpus paths naming a table, a snapshot of it and the rows appended between two snapshots. */
class TableRefTest {
    @Test
    void readsBackWhatItWrites() {
        for (String corpus : new String[] {"table:db.t", "table:lake.db.t@42", "table:lake.db.t@7..42"}) {
            assertEquals(corpus, TableRef.parse(corpus).corpus());
        }
        assertEquals(new TableRef("lake.db.t", 7L, 42L), TableRef.parse("table:lake.db.t@7..42"));
        assertEquals(new TableRef("lake.db.t", null, 42L), TableRef.parse("table:lake.db.t@42"));
    }

    @Test
    void anAtSignThatNamesNoSnapshotIsPartOfTheName() {
        assertEquals(new TableRef("db.`mail@home`", null, null), TableRef.parse("table:db.`mail@home`"));
        assertEquals(new TableRef("db.t@v1", null, null), TableRef.parse("table:db.t@v1"));
    }
}
