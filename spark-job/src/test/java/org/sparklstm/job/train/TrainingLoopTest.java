package org.sparklstm.job.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparklstm.core.bundle.TrainingState;
import org.sparklstm.core.config.TrainingConfig;
import org.sparklstm.core.model.SequenceModel;
import org.sparklstm.core.model.markov.KneserNeyModel;
import org.sparklstm.core.model.markov.NgramCounts;
import org.sparklstm.core.run.RunFiles;
import org.sparklstm.core.run.RunLayout;

/**
 * The training loop's schedule without Spark: a fake family whose rounds are windows on a fake clock, a recording
 * evaluation and checkpoint store, and a real run root on the local file system for the complete marker.
 */
class TrainingLoopTest {
    /** Windows per iteration (2 workers x batch 2) and per full round (3 iterations). */
    private static final int PER_ITERATION = 4;
    private static final int PER_ROUND = 12;
    /** Training windows per epoch: 4 full rounds and one of 8 (2 iterations). */
    private static final int WINDOWS = 4 * PER_ROUND + 8;
    private static final int TOKENS_PER_WINDOW = 10;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final List<String> fits = new ArrayList<>();
    private final List<TrainingState> evaluations = new ArrayList<>();
    private final List<TrainingState> checkpoints = new ArrayList<>();
    /** The share of the budget spent that each round's learning rate was scheduled at. */
    private final List<Double> scheduledAt = new ArrayList<>();
    private final SequenceModel model = new KneserNeyModel(new NgramCounts(2, 3));

    /** Rounds of {@link #PER_ROUND} windows; each fit takes a second a window on the fake clock. */
    private final FamilyTraining<Rounds> family = new FamilyTraining<>() {
        @Override
        public Rounds plan(int epoch) {
            return new Rounds() {
                @Override
                public int rounds() {
                    return (WINDOWS + PER_ROUND - 1) / PER_ROUND;
                }

                @Override
                public long windowsInRound(int round) {
                    return Math.min(PER_ROUND, WINDOWS - (long) round * PER_ROUND);
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public RoundResult fit(Rounds plan, int round, long skip, long take) {
            fits.add(round + ":" + skip + "+" + take);
            clock.addAndGet(take * SECOND);
            return new RoundResult((take + PER_ITERATION - 1) / PER_ITERATION, take * TOKENS_PER_WINDOW, 2.0);
        }

        @Override
        public double scheduleLearningRate(long iteration, double budgetSpent) {
            scheduledAt.add(budgetSpent);
            return 0.01 * (1 - budgetSpent);
        }

        @Override
        public long windowsPerIteration() {
            return PER_ITERATION;
        }

        @Override
        public SequenceModel model() {
            return model;
        }
    };

    /** The validation loss an evaluation measures at an iteration: by default lower at every one. */
    private java.util.function.LongToDoubleFunction lossAt = iteration -> 5.0 - iteration / 100.0;
    /** How long an evaluation takes on the fake clock. */
    private long evaluationNanos = SECOND;
    private long evaluatingNanos;

    /** Scores 90 tokens: at 10 tokens a second of training, a first guess of 3 s. */
    private final ModelEvaluation evaluation = new ModelEvaluation() {
        @Override
        public Evaluated evaluate(SequenceModel m, TrainingState at, RoundFigures figures, boolean quiet) {
            evaluations.add(at);
            clock.addAndGet(evaluationNanos);
            evaluatingNanos += evaluationNanos;
            return new Evaluated(m, lossAt.applyAsDouble(at.iteration()), evaluationNanos);
        }

        @Override
        public long scoredTokens() {
            return 90;
        }
    };

    private final Checkpoints store = (m, at) -> {
        checkpoints.add(at);
        return "ckpt-" + at.iteration();
    };

    private final Progress progress = new Progress() {
        @Override
        public void phase(String what) {
        }

        @Override
        public void report(int epoch, int epochs, int round, int rounds, long iteration, double trainBits,
                           double tokensPerSecond, double elapsedSeconds, double epochEta, double budgetEta) {
        }
    };

    private TrainingLoop loop(Map<String, String> settings, TrainingState start) throws IOException {
        Map<String, String> all = new HashMap<>(Map.of("epochs", "2", "eval-every", "1000", "checkpoint-every", "0"));
        all.putAll(settings);
        TrainingConfig config = TrainingConfig.defaults().with(all, "test");
        return new TrainingLoop(Schedule.of(config), clock.get(), clock::get, evaluation, store, progress, files(),
                start);
    }

    private RunFiles files() throws IOException {
        return new RunFiles(dir.toUri(), new Configuration());
    }

    @Test
    void aStraightRunTrainsEveryRoundOfEveryEpochAndIsComplete() throws IOException {
        TrainingOutcome outcome = loop(Map.of(), TrainingState.START).train(family);

        assertEquals(List.of("0:0+12", "1:0+12", "2:0+12", "3:0+12", "4:0+8",
                "0:0+12", "1:0+12", "2:0+12", "3:0+12", "4:0+8"), fits);
        assertEquals(2, outcome.state().epoch());
        assertEquals(2 * 14, outcome.state().iteration());
        assertEquals(2L * WINDOWS * TOKENS_PER_WINDOW, outcome.state().tokensSeen());
        assertTrue(outcome.complete());
        assertEquals("all 2 epochs done", outcome.stopReason());
        assertEquals("all 2 epochs done\n", files().readOrEmpty(RunLayout.COMPLETE));
        // Each epoch's end is evaluated once and checkpointed at the state it was evaluated at, with its loss.
        assertEquals(List.of(14L, 28L), checkpoints.stream().map(TrainingState::iteration).toList());
        assertEquals(evaluations.stream().map(TrainingState::iteration).toList(),
                checkpoints.stream().map(TrainingState::iteration).toList());
        assertEquals(5.0 - 0.28, checkpoints.get(1).valBitsPerToken(), 1e-9);
        assertEquals("ckpt-28", outcome.checkpoint());
    }

    @Test
    void evaluationsAndCheckpointsFollowTheirIntervalsAndAreNotRepeatedAtOneState() throws IOException {
        lossAt = iteration -> 4.0;
        loop(Map.of("eval-every", "4", "checkpoint-every", "6", "epochs", "1"), TrainingState.START).train(family);

        // Rounds end at iterations 3, 6, 9, 12 and 14 (the epoch's end, which evaluates and checkpoints anyway).
        assertEquals(List.of(6L, 9L, 12L, 14L), evaluations.stream().map(TrainingState::iteration).toList());
        assertEquals(List.of(6L, 12L, 14L), checkpoints.stream().map(TrainingState::iteration).toList());
    }

    @Test
    void anEvaluationAtANewLowestLossIsCheckpointedAsTheRunsModel() throws IOException {
        lossAt = iteration -> iteration == 9 ? 3.0 : 4.0 - iteration / 100.0;
        loop(Map.of("eval-every", "4", "checkpoint-every", "0", "epochs", "1"), TrainingState.START).train(family);

        assertEquals(List.of(6L, 9L, 12L, 14L), evaluations.stream().map(TrainingState::iteration).toList());
        // 6 and 9 are new bests and are saved at once; 12 and 14 are not (14 is the epoch's end)
        assertEquals(List.of(6L, 9L, 14L), checkpoints.stream().map(TrainingState::iteration).toList());
        assertEquals(List.of(true, true, false), checkpoints.stream().map(TrainingState::atBest).toList());
        assertEquals(3.0, checkpoints.get(2).bestValBitsPerToken(), 1e-12);
        assertEquals(2, checkpoints.get(2).evaluationsSinceBest());
    }

    @Test
    void validationThatStopsImprovingEndsTheRunAfterItsPatienceAndTheRunIsComplete() throws IOException {
        lossAt = iteration -> iteration <= 17 ? 5.0 - iteration / 100.0 : 4.9;
        TrainingOutcome outcome = loop(Map.of("eval-every", "1", "epochs", "10", "patience", "3"),
                TrainingState.START).train(family);

        // Rounds end at 3, 6, 9, 12, 14 | 17, 20, 23, 26, ...: the best is at 17, then three evaluations fail to beat it.
        assertEquals(26, outcome.state().iteration());
        assertEquals(List.of(3L, 6L, 9L, 12L, 14L, 17L, 20L, 23L, 26L),
                evaluations.stream().map(TrainingState::iteration).toList());
        assertTrue(outcome.complete());
        assertTrue(outcome.stopReason().startsWith("early stopping: 3 evaluations without a lower validation loss "
                + "than 4.8300"), outcome.stopReason());
        assertTrue(files().readOrEmpty(RunLayout.COMPLETE).startsWith("early stopping"));
        TrainingState best = checkpoints.stream().filter(TrainingState::atBest).reduce((a, b) -> b).orElseThrow();
        assertEquals(17, best.iteration());
        assertEquals(26, checkpoints.get(checkpoints.size() - 1).iteration(), "the newest state is saved for resume");

        fits.clear();
        TrainingOutcome again = loop(Map.of("eval-every", "1", "epochs", "10", "patience", "3"),
                checkpoints.get(checkpoints.size() - 1)).train(family);
        assertTrue(fits.isEmpty(), "a run stopped early trains no more when called again: " + fits);
        assertTrue(again.complete());
    }

    @Test
    void withoutPatienceARunThatStopsImprovingTrainsAllItsEpochs() throws IOException {
        lossAt = iteration -> iteration <= 17 ? 5.0 - iteration / 100.0 : 4.9;
        TrainingOutcome outcome = loop(Map.of("eval-every", "1", "epochs", "3", "patience", "0"),
                TrainingState.START).train(family);
        assertEquals(3 * 14, outcome.state().iteration());
        assertEquals("all 3 epochs done", outcome.stopReason());
    }

    @Test
    void pacedEvaluationsStayWithinTheirShareOfTheWallTimeAndCheckpointsWaitForThem() throws IOException {
        evaluationNanos = 3 * SECOND;
        loop(Map.of("eval-every", "0", "eval-share", "0.1", "min-evaluations", "0", "checkpoint-every", "4", "epochs", "6"),
                TrainingState.START).train(family);

        // An evaluation comes when one more keeps the time spent evaluating within a tenth of the time since
        // training started, counting those at the epochs' ends (56 s of training each), which are made anyway.
        // The first one's cost is guessed (3 s: 90 tokens at three times 10 tokens/s), so it waits for 27 s of
        // training: three rounds of 12 s.
        assertEquals(9L, evaluations.get(0).iteration());
        assertTrue(evaluations.size() > 6, "evaluations between the epochs' ends: " + evaluations.size());
        double share = (double) evaluatingNanos / clock.get();
        assertTrue(share <= 0.1 + (double) evaluationNanos / clock.get(),
                "evaluations took " + share + " of the wall time (the last epoch's end may add one)");
        assertTrue(share >= 0.08, "evaluations as often as the share allows: " + share);
        // checkpoint-every 4 never forces an evaluation: each checkpoint is at an evaluated state, the first
        // evaluation at or after its interval's end.
        List<Long> evaluated = evaluations.stream().map(TrainingState::iteration).toList();
        List<Long> saved = checkpoints.stream().map(TrainingState::iteration).toList();
        assertTrue(evaluated.containsAll(saved), evaluated + " " + saved);
        assertEquals(evaluated, saved, "every evaluation comes more than 4 iterations after the last checkpoint");
        // A costlier evaluation is made less often.
        int cheap = evaluations.size();
        evaluations.clear();
        evaluationNanos = 12 * SECOND;
        loop(Map.of("eval-every", "0", "eval-share", "0.1", "min-evaluations", "0", "epochs", "6"), TrainingState.START).train(family);
        assertTrue(evaluations.size() < cheap, evaluations.size() + " evaluations against " + cheap);
    }

    @Test
    void pacedEvaluationsDoNotForceOneAtEveryEpochsEndButTheRunsEndIsEvaluatedAndSaved() throws IOException {
        evaluationNanos = 12 * SECOND;
        TrainingOutcome outcome = loop(Map.of("eval-every", "0", "eval-share", "0.1", "min-evaluations", "0", "epochs", "6"),
                TrainingState.START).train(family);

        // 12 s evaluations within a tenth of the time come about every 120 s: fewer than the six epochs' ends
        // (56 s of training each), which used to be evaluated and checkpointed whatever they cost.
        assertTrue(evaluations.size() < 6, evaluations.size() + " evaluations");
        double share = (double) evaluatingNanos / clock.get();
        assertTrue(share <= 0.1 + (double) evaluationNanos / clock.get(), "evaluations took " + share);
        long last = outcome.state().iteration();
        assertEquals(last, evaluations.get(evaluations.size() - 1).iteration(), "the run's end is evaluated");
        assertEquals(last, checkpoints.get(checkpoints.size() - 1).iteration(), "and saved");
        assertEquals(6, checkpoints.get(checkpoints.size() - 1).epoch());
    }

    @Test
    void pacedEvaluationsComeAtLeastMinEvaluationsTimesEvenlyOverTheBudget() throws IOException {
        // 12 s evaluations within a tenth of the time come about every 120 s, a few in a run of six 56 s epochs (84
        // iterations); a small corpus's run must still be evaluated often enough for early stopping to find its
        // best point. Twelve evaluations at least: one before another round (a thirtieth of the budget) would take
        // the run more than a twelfth of it (7 iterations) past the last.
        evaluationNanos = 12 * SECOND;
        loop(Map.of("eval-every", "0", "eval-share", "0.1", "min-evaluations", "0", "epochs", "6"),
                TrainingState.START).train(family);
        int byShare = evaluations.size();
        evaluations.clear();
        loop(Map.of("eval-every", "0", "eval-share", "0.1", "min-evaluations", "12", "epochs", "6"),
                TrainingState.START).train(family);
        List<Long> at = evaluations.stream().map(TrainingState::iteration).toList();
        assertTrue(at.size() >= 12 && at.size() > byShare, at + " against " + byShare + " by the share alone");
        long last = 0;
        for (long iteration : at) {
            assertTrue(iteration - last <= 7, "evenly over the budget: " + at);
            last = iteration;
        }
        assertEquals(84, last, "the run's end is evaluated");
    }

    @Test
    void aBudgetSpentAtAnEpochsEndWithPacedEvaluationsStillEvaluatesAndSavesTheLastRound() throws IOException {
        // A paced run does not evaluate at every epoch's end; when the budget ends the run right there (the next
        // epoch's first round is never trained), the rounds since the last checkpoint must still be saved, else the
        // run is marked complete on an older model. Failed before the fix: the last checkpoint was at iteration 9.
        evaluationNanos = 12 * SECOND;
        TrainingOutcome byIterations = loop(Map.of("eval-every", "0", "eval-share", "0.1", "min-evaluations", "0", "epochs", "6",
                "max-iterations", "14"), TrainingState.START).train(family);
        assertEquals(14, byIterations.state().iteration());
        assertTrue(byIterations.complete());
        assertEquals(14, checkpoints.get(checkpoints.size() - 1).iteration(), "the last round is saved");
        assertEquals(14, evaluations.get(evaluations.size() - 1).iteration(), "and evaluated");
        assertEquals("ckpt-14", byIterations.checkpoint());
    }

    @Test
    void anIterationBudgetEndingInsideARoundResumesExactlyWhereItStopped() throws IOException {
        loop(Map.of(), TrainingState.START).train(family);
        List<String> straight = List.copyOf(fits);
        TrainingState straightEnd = checkpoints.get(checkpoints.size() - 1);
        fits.clear();
        checkpoints.clear();

        TrainingOutcome first = loop(Map.of("max-iterations", "5"), TrainingState.START).train(family);
        assertEquals(List.of("0:0+12", "1:0+8"), fits);
        assertEquals(5, first.state().iteration());
        assertEquals(8, first.state().windowsIntoRound());
        assertTrue(first.complete(), "the whole iteration budget is spent: nothing is left to train");
        assertEquals(first.state(), checkpoints.get(checkpoints.size() - 1));

        TrainingOutcome rest = loop(Map.of(), first.state()).train(family);
        assertEquals(straight.size() + 1, fits.size());
        assertEquals("1:8+4", fits.get(2), "the resumed run trains exactly the rest of the round it stopped in");
        assertEquals(straight.subList(2, straight.size()), fits.subList(3, fits.size()));
        assertEquals(straightEnd.iteration(), rest.state().iteration());
        assertEquals(straightEnd.tokensSeen(), rest.state().tokensSeen());
        assertEquals(straightEnd.epoch(), rest.state().epoch());
    }

    @Test
    void aTimeBudgetStopsBeforeARoundThatWouldOverrunAndLeavesTheRunIncomplete() throws IOException {
        // 12 s a round and 5 s kept back for the checkpoint: with 45 s, rounds start at 0, 12 and 24 s
        // (24 + 12 + 5 <= 45), but not at 36 s.
        TrainingOutcome outcome = loop(Map.of("max-minutes", "0.75"), TrainingState.START).train(family);

        assertEquals(List.of("0:0+12", "1:0+12", "2:0+12"), fits);
        assertEquals("max-minutes budget spent", outcome.stopReason());
        assertFalse(outcome.complete());
        assertFalse(files().exists(RunLayout.COMPLETE));
        assertEquals(List.of(9L), checkpoints.stream().map(TrainingState::iteration).toList());
        assertEquals(0, outcome.state().epoch(), "the epoch is not done: a resume goes on inside it");
        assertEquals(3, outcome.state().roundInEpoch());
    }

    @Test
    void theLearningRateIsScheduledBeforeEachRoundAtTheShareOfTheEpochsSpent() throws IOException {
        loop(Map.of(), TrainingState.START).train(family);

        assertEquals(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                scheduledAt.stream().map(x -> Math.round(x * 1e9) / 1e9).toList(), "2 epochs of 5 rounds");
    }

    @Test
    void aTimeBudgetsShareFollowsTheClockAndAResumedRunGoesOnFromTheShareItsCheckpointSaved() throws IOException {
        // 60 s, 5 s kept back for the checkpoint: the share is the time since the start over 55 s
        loop(Map.of("max-minutes", "1", "epochs", "100"), TrainingState.START).train(family);
        assertEquals(0.0, scheduledAt.get(0));
        for (int i = 1; i < scheduledAt.size(); i++) {
            assertTrue(scheduledAt.get(i) > scheduledAt.get(i - 1), scheduledAt.toString());
        }
        assertEquals(24.0 / 55, scheduledAt.get(2), 1e-9, "the third round starts after two of 12 s");
        TrainingState saved = checkpoints.get(checkpoints.size() - 1);
        assertEquals(scheduledAt.get(scheduledAt.size() - 1), saved.budgetSpent());

        scheduledAt.clear();
        TrainingState killed = TrainingState.START.roundDone(3, 120, 12, 0.6);
        loop(Map.of("max-minutes", "1", "epochs", "100"), killed).train(family);
        assertEquals(0.6, scheduledAt.get(0), 1e-9, "not a fresh schedule");
        assertEquals(0.6 + 0.4 * 24.0 / 55, scheduledAt.get(2), 1e-9, "the rest spread over the new call's budget");

        scheduledAt.clear();
        loop(Map.of("epochs", "100"), killed).train(family);
        assertEquals(0.6, scheduledAt.get(0), 1e-9, "resumed without a time budget, the share never goes back");
    }

    @Test
    void aBudgetSpentBeforeTheFirstRoundTrainsAndSavesNothing() throws IOException {
        TrainingOutcome outcome = loop(Map.of("max-minutes", "0.05"), TrainingState.START).train(family);

        assertTrue(fits.isEmpty());
        assertTrue(checkpoints.isEmpty());
        assertNull(outcome.checkpoint());
        assertFalse(outcome.complete());
    }

    @Test
    void aResumedRunWithNothingLeftOnlyMarksItselfComplete() throws IOException {
        TrainingState done = TrainingState.START.roundDone(14, 560, 1, 0).nextEpoch().roundDone(14, 560, 2, 0.5).nextEpoch();
        TrainingOutcome outcome = loop(Map.of(), done).train(family);

        assertTrue(fits.isEmpty());
        assertTrue(checkpoints.isEmpty());
        assertTrue(outcome.complete());
        assertTrue(files().exists(RunLayout.COMPLETE));
    }

    @Test
    void aCountedChainIsCheckpointedAsFinishedOnceAndNotAgainWhenResumed() throws IOException {
        TrainingState counted = TrainingState.START.counted(1000, 3).withValidation(2.5);
        TrainingOutcome outcome = loop(Map.of(), TrainingState.START)
                .finishCounted(new ChainCounting.Counted((KneserNeyModel) model, counted,
                        new Evaluated(model, 2.5, SECOND)));

        assertEquals(1, checkpoints.size());
        assertEquals(2, checkpoints.get(0).epoch(), "a counted chain has no epochs left");
        assertEquals(1000, checkpoints.get(0).tokensSeen());
        assertEquals(2.5, checkpoints.get(0).valBitsPerToken());
        assertTrue(evaluations.isEmpty(), "the counting pass's evaluation is the one saved");
        assertTrue(outcome.complete());
        assertEquals("the Markov chain is counted\n", files().readOrEmpty(RunLayout.COMPLETE));

        Files.delete(dir.resolve(RunLayout.COMPLETE));
        TrainingOutcome resumed = loop(Map.of(), checkpoints.get(0))
                .finishCounted(new ChainCounting.Counted((KneserNeyModel) model, checkpoints.get(0), null));
        assertEquals(1, checkpoints.size());
        assertTrue(resumed.complete());
        assertEquals("the Markov chain was counted by an earlier call\n", files().readOrEmpty(RunLayout.COMPLETE));
    }
}
