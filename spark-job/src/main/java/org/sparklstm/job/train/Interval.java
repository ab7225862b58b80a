package org.sparklstm.job.train;

/** Fires every {@code every} iterations (never when {@code every} is 0), counted from a run's iteration 0. */
final class Interval {
    private final long every;
    private long next;

    /**
     * @param every the interval in iterations (0: never)
     * @param iteration the iteration the run starts from
     */
    Interval(long every, long iteration) {
        this.every = every;
        this.next = every == 0 ? Long.MAX_VALUE : (iteration / every + 1) * every;
    }

    /**
     * @param iteration the run's iteration now
     * @return whether an interval's end was reached since the last time this returned true
     */
    boolean due(long iteration) {
        if (iteration < next) {
            return false;
        }
        next = (iteration / every + 1) * every;
        return true;
    }
}
