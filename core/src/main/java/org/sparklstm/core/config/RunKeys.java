package org.sparklstm.core.config;

import java.util.List;
/** The keys of a run's schedule and upkeep: budgets, evaluation and checkpoint intervals, samples, retention and the lease. */
public final class RunKeys {
    /** Passes over the training windows. */
    public static final ConfigParam<Integer> EPOCHS = ConfigParam.ofInt("epochs", 10, 1, 1_000_000,
            "passes over the training windows; with max-minutes and no epochs given, as many as the budget allows "
                    + "(early stopping may end the run first)");
    /** The epochs of a run that spends its time budget: the most {@link #EPOCHS} allows. */
    public static final int UNBOUNDED_EPOCHS = 1_000_000;
    /** Wall-clock budget. */
    public static final ConfigParam<Double> MAX_MINUTES = ConfigParam.ofDouble("max-minutes", 0, 0, false, 1e7,
            "wall-clock training budget in minutes, after which training ends cleanly; 0 means none");
    /** Iteration budget. */
    public static final ConfigParam<Long> MAX_ITERATIONS = ConfigParam.ofLong("max-iterations", 0, 0, Long.MAX_VALUE,
            "stop after this many iterations (minibatch steps per worker); 0 means none");
    /** Evaluation interval. */
    public static final ConfigParam<Integer> EVAL_EVERY = ConfigParam.ofInt("eval-every", 0, 0, Integer.MAX_VALUE,
            "evaluate on the validation split every this many iterations (and at the end of each epoch); 0 means "
                    + "as often as eval-share allows");
    /** The share of the wall time evaluations may take when {@link #EVAL_EVERY} is 0. */
    public static final ConfigParam<Double> EVAL_SHARE = ConfigParam.ofDouble("eval-share", 0.05, 0, true, 1,
            "with eval-every 0, evaluate (score the validation split and sample) as often as keeps evaluations "
                    + "within this share of the wall time, from their measured cost; checkpoints due by "
                    + "checkpoint-every then wait for the next evaluation");
    /** The fewest evaluations a run paced by {@link #EVAL_SHARE} makes. */
    public static final ConfigParam<Integer> MIN_EVALUATIONS = ConfigParam.ofInt("min-evaluations", 20, 0, 1_000_000,
            "with eval-every 0, evaluate at least this many times over the run, evenly over its budget (the epochs, "
                    + "max-iterations or max-minutes, whichever ends it first), beyond eval-share: a small corpus "
                    + "trains in seconds, and early stopping needs evaluations to find its best point; 0 means by "
                    + "eval-share alone");
    /** Early stopping. */
    public static final ConfigParam<Integer> PATIENCE = ConfigParam.ofInt("patience", 5, 0, 1_000_000,
            "stop training when this many evaluations in a row have not lowered the validation loss (early "
                    + "stopping); the best checkpoint stays the run's model either way; 0 means never stop early");
    /** Characters sampled at each evaluation. */
    public static final ConfigParam<Integer> SAMPLE_LENGTH = ConfigParam.ofInt("sample-length", 200, 0, 100_000,
            "tokens sampled from the model at each evaluation, printed and kept in metrics.jsonl");
    /** Checkpoint interval. */
    public static final ConfigParam<Integer> CHECKPOINT_EVERY = ConfigParam.ofInt("checkpoint-every", 200, 0,
            Integer.MAX_VALUE, "also checkpoint every this many iterations (besides each epoch's end and the "
                    + "budget's); 0 means only those");
    /** Newest checkpoints kept. */
    public static final ConfigParam<Integer> KEEP_LAST = ConfigParam.ofInt("keep-last", 3, 1, 1_000_000,
            "how many of the newest checkpoints to keep");
    /** Best checkpoints kept. */
    public static final ConfigParam<Integer> KEEP_BEST = ConfigParam.ofInt("keep-best", 1, 0, 1_000_000,
            "how many checkpoints with the lowest validation loss to keep besides the newest");
    /** Lease time-to-live. */
    public static final ConfigParam<Integer> LEASE_SECONDS = ConfigParam.ofInt("lease-seconds", 120, 5, 86_400,
            "time-to-live of the run's lease on its output root; renewed every third of it");

    /** These keys, in the order they are documented. */
    public static final KeyGroup GROUP = new KeyGroup("Schedule and upkeep",
            "budgets, evaluation and checkpoint intervals, samples, retention and the lease",
            List.of(EPOCHS, MAX_MINUTES, MAX_ITERATIONS, EVAL_EVERY, EVAL_SHARE, MIN_EVALUATIONS, PATIENCE, SAMPLE_LENGTH, CHECKPOINT_EVERY,
                    KEEP_LAST, KEEP_BEST, LEASE_SECONDS));

    private RunKeys() {
    }
}
