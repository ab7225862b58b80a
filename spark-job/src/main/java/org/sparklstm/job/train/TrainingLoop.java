package org.sparklstm.job.train;

import java.io.IOException;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;

/**
 * The schedule of a training run, and nothing else: epochs and rounds within the budget, the learning rate set
 * before each round from the share of the budget spent, evaluations at the
 * {@link EvaluationPace} (every so many iterations, or within a share of the wall time) and at the run's end,
 * checkpoints every so many iterations and at the run's end, at each epoch's end too when evaluations come every
 * so many iterations (paced ones treat an epoch's end as any other round's), the complete marker, and resuming from a
 * {@link TrainingState} exactly where it stopped (inside a round, too). What is trained, and how, is the
 * {@link FamilyTraining}'s; how a model is scored and saved, the {@link ModelEvaluation}'s and the
 * {@link Checkpoints}'.
 *
 * <p>The run's position changes only through {@link #advance}, {@link #evaluated} and {@link #checkpointed}: an
 * evaluation or a checkpoint counts for the state it was made at, and a new state needs new ones.
 */
final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger("org.sparklstm.train");
    /** Time kept back from a {@code max-minutes} budget for the final checkpoint. */
    static final long CHECKPOINT_ALLOWANCE_NANOS = 5_000_000_000L;

    private final Budget budget;
    private final EvaluationPace pace;
    private final Interval checkpointing;
    private final ModelEvaluation evaluation;
    private final Checkpoints checkpoints;
    private final Progress progress;
    private final RunFiles files;

    private TrainingState state;
    private Evaluated evaluatedAtState;
    private boolean checkpointedAtState;
    private boolean checkpointDue;
    private String lastCheckpoint;
    private RoundFigures figures = RoundFigures.NONE;
    /** The share of the run's budget spent after the last round (what {@link EvaluationPace} spaces evaluations by). */
    private double budgetSpent;

    /**
     * @param schedule epochs, budgets and intervals
     * @param startNanos when the command started, on {@code clock} (the time budget counts from it)
     * @param clock a monotonic clock in nanoseconds ({@link System#nanoTime()} but in tests)
     * @param evaluation scores and records the model
     * @param checkpoints saves it
     * @param progress where the user sees what happens
     * @param files the run root, for the complete marker
     * @param start where the run starts ({@link TrainingState#START}, or a resumed checkpoint's state)
     */
    TrainingLoop(Schedule schedule, long startNanos, LongSupplier clock, ModelEvaluation evaluation,
                 Checkpoints checkpoints, Progress progress, RunFiles files, TrainingState start) {
        this.budget = new Budget(schedule, startNanos, clock);
        this.pace = EvaluationPace.of(schedule, start, clock.getAsLong(), evaluation.scoredTokens());
        this.budgetSpent = start.budgetSpent();
        this.checkpointing = new Interval(schedule.checkpointEvery(), start.iteration());
        this.evaluation = evaluation;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.files = files;
        this.state = start;
    }

    /**
     * Trains round by round until the epochs are done or the budget is spent, then checkpoints; writes the
     * complete marker when nothing is left to train (all epochs, or the whole {@code max-iterations} budget).
     *
     * @param family the model family's training
     * @param <P> its plan of an epoch
     * @return how the run ended
     * @throws IOException if a checkpoint, a metrics record or the marker cannot be written
     */
    <P extends Rounds> TrainingOutcome train(FamilyTraining<P> family) throws IOException {
        double sessionStartElapsed = state.elapsedSeconds();
        double spentBefore = state.budgetSpent();
        long sessionStartNanos = budget.now();
        long lastRoundNanos = 0;
        String stopReason = null;
        while (state.epoch() < budget.epochs() && stopReason == null) {
            int epoch = state.epoch();
            progress.phase("planning epoch " + (epoch + 1));
            P plan = family.plan(epoch);
            int rounds = plan.rounds();
            boolean trained = false;
            for (int round = state.roundInEpoch(); round < rounds; round++) {
                stopReason = budget.iterationsSpent(state.iteration());
                if (stopReason == null) {
                    stopReason = budget.patienceSpent(state);
                }
                if (stopReason == null) {
                    stopReason = budget.timeSpent(lastRoundNanos + Math.max(0, pace.lastCostNanos())
                            + CHECKPOINT_ALLOWANCE_NANOS);
                }
                if (stopReason != null) {
                    break;
                }
                double spent = budget.spent(state, rounds, spentBefore, CHECKPOINT_ALLOWANCE_NANOS);
                double learningRate = family.scheduleLearningRate(state.iteration(), spent);
                long t0 = budget.now();
                progress.phase("training epoch " + (epoch + 1) + " round " + (round + 1) + "/" + rounds);
                long roundWindows = plan.windowsInRound(round);
                long skip = state.windowsIntoRound();
                long perIteration = family.windowsPerIteration();
                long take = Math.min(roundWindows - skip,
                        Math.min(budget.iterationsLeft(state.iteration()), Long.MAX_VALUE / perIteration)
                                * perIteration);
                RoundResult fitted = family.fit(plan, round, skip, take);
                trained = true;
                if (lastRoundNanos == 0) {
                    LOG.info(String.format(Locale.ROOT, "First round trained %.1f s after the command started "
                            + "(reading, cutting and planning included)", budget.secondsSinceStart()));
                }
                lastRoundNanos = Math.max(1, budget.now() - t0);
                figures = new RoundFigures(fitted.trainBitsPerToken(), fitted.tokens() / (lastRoundNanos / 1e9),
                        learningRate);
                double elapsed = sessionStartElapsed + (budget.now() - sessionStartNanos) / 1e9;
                boolean roundDone = skip + take >= roundWindows;
                advance(roundDone ? state.roundDone(fitted.iterations(), fitted.tokens(), elapsed, spent)
                        : state.roundCut(fitted.iterations(), fitted.tokens(), elapsed, take, spent));
                budgetSpent = budget.spent(state, rounds, spentBefore, CHECKPOINT_ALLOWANCE_NANOS);
                reportRound(epoch, round, rounds, lastRoundNanos / 1e9);
                boolean epochEnds = roundDone && round + 1 == rounds; // its upkeep comes after the epoch's end
                if (!epochEnds) {
                    upkeep(family.model());
                }
            }
            plan.release();
            if (!trained && stopReason != null) {
                if (lastRoundNanos != 0) {
                    // The budget ran out at an epoch's start: the epoch before ended without a checkpoint (a paced
                    // run's epochs end like its rounds), so the run's end is saved here.
                    checkpoint(family.model());
                }
                break;
            }
            if (stopReason == null) {
                advance(state.nextEpoch());
            }
            if (stopReason != null || state.epoch() >= budget.epochs() || !pace.checkpointsWaitForEvaluation()) {
                checkpoint(family.model());
            } else {
                upkeep(family.model()); // a paced run's epoch ends like its rounds: short epochs spend no budget
            }
        }
        boolean complete = stopReason == null || budget.iterationsSpent(state.iteration()) != null
                || budget.patienceSpent(state) != null;
        return end(stopReason == null ? "all " + budget.epochs() + " epochs done" : stopReason, complete);
    }

    /**
     * Records a model trained in one pass (a Markov chain): checkpoints it as finished and writes the complete
     * marker; a chain an earlier call counted and checkpointed is only marked complete.
     *
     * @param counted the counting pass's outcome
     * @return how the run ended
     * @throws IOException if the checkpoint or the marker cannot be written
     */
    TrainingOutcome finishCounted(ChainCounting.Counted counted) throws IOException {
        if (counted.evaluated() == null) {
            return end("the Markov chain was counted by an earlier call", true);
        }
        advance(counted.state().finished(budget.epochs()));
        evaluated(counted.evaluated());
        checkpoint(counted.evaluated().model());
        return end("the Markov chain is counted", true);
    }

    private TrainingOutcome end(String stopReason, boolean complete) throws IOException {
        if (complete) {
            files.write(RunLayout.COMPLETE, stopReason + "\n");
        }
        LOG.info("Training ended: {}. Validation {} bits/token after {} iterations.", stopReason,
                String.format(Locale.ROOT, "%.4f", state.valBitsPerToken()), state.iteration());
        return new TrainingOutcome(state, lastCheckpoint, stopReason, complete);
    }

    private void reportRound(int epoch, int round, int rounds, double secondsPerRound) {
        double epochEta = (rounds - round - 1) * secondsPerRound;
        double trainingEta = Math.min(budget.secondsLeft(),
                epochEta + (budget.epochs() - epoch - 1) * rounds * secondsPerRound);
        progress.report(epoch, budget.epochs(), round + 1, rounds, state.iteration(), figures.trainBitsPerToken(),
                figures.tokensPerSecond(), state.elapsedSeconds(), epochEta, trainingEta);
    }

    /**
     * The evaluation and checkpoint due after a round inside an epoch. A checkpoint due by its interval forces an
     * evaluation, unless the {@link EvaluationPace} makes it wait for the next one; an evaluation that lowers the
     * best validation loss forces a checkpoint, which becomes the run's model.
     */
    private void upkeep(SequenceModel model) throws IOException {
        if (pace.due(state.iteration(), budget.now(), figures.tokensPerSecond(), budgetSpent)) {
            evaluate(model);
        }
        checkpointDue |= checkpointing.due(state.iteration()) || evaluatedAtState != null && state.atBest();
        if (checkpointDue && (evaluatedAtState != null || !pace.checkpointsWaitForEvaluation())) {
            checkpoint(model);
        }
    }

    /** A new position: nothing is evaluated or checkpointed at it yet. */
    private void advance(TrainingState next) {
        state = next;
        evaluatedAtState = null;
        checkpointedAtState = false;
    }

    private Evaluated evaluate(SequenceModel model) throws IOException {
        Evaluated result = evaluation.evaluate(model, state, figures, false);
        evaluated(result);
        return result;
    }

    /** The model is scored at this position. */
    private void evaluated(Evaluated result) {
        state = state.withValidation(result.bitsPerToken());
        evaluatedAtState = result;
        pace.evaluated(result.nanos(), budgetSpent);
    }

    /** Saves the model as evaluated at this position (evaluating it first if need be), once per position. */
    private void checkpoint(SequenceModel model) throws IOException {
        if (checkpointedAtState) {
            return;
        }
        Evaluated scored = evaluatedAtState != null ? evaluatedAtState : evaluate(model);
        progress.phase("checkpoint at iteration " + state.iteration());
        checkpointed(checkpoints.save(scored.model(), state));
    }

    /** The model is saved at this position. */
    private void checkpointed(String name) {
        checkpointedAtState = true;
        checkpointDue = false;
        lastCheckpoint = name;
    }
}
