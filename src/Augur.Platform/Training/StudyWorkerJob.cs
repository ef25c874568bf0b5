using System.Text.Json;
using Augur.Data;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Experiments;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Augur.Platform.Training;

/// <summary>
/// One of a run's P study workers. Each loops: in the study lock, rebuild the tuner from the stored trials, claim the
/// next trial number as "running" (with this worker's id and a lease) and commit; run the trial outside the lock; record
/// the result, keyed by (run, number). When the trial cap or the time budget is used up, exactly one worker finalises.
/// Delivery is at least once: a job fired again after its node died first fails the trial it had left running, and a
/// trial whose lease ran out is failed by whichever worker sees it, so no trial is run twice or lost.
/// Each succeeded trial is stored with its models (<see cref="StudyTrialStore"/>), so that finalising serves them instead
/// of validating the finalists again.
/// </summary>
public sealed class StudyWorkerJob(
    AugurDbContext db,
    IArtifactStore store,
    TimeProvider clock,
    IServiceScopeFactory scopes,
    RunRegistration registration,
    TrialRunnerChoice trialRunners,
    StudyTrialStore storedTrials,
    RunStartGate gate,
    IOptions<TrainingOptions> options,
    ILogger<StudyWorkerJob> logger) : IJob
{
    public const string RunIdKey = "runId";
    public const string SlotKey = "slot";

    public static JobKey KeyFor(Guid runId, int slot) => new($"study-{runId:N}-{slot}", "training");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var runId = Guid.Parse(context.MergedJobDataMap.GetString(RunIdKey)!);
        var slot = context.MergedJobDataMap.GetInt(SlotKey);
        var worker = $"{NodeIdentity.Name}/{slot}";
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ProjectId"] = run.ProjectId, ["RunId"] = run.Id, ["Worker"] = worker });
        // A study counts as one run against its user's and project's caps, and waits for them like any other run.
        if (run.Status == RunStatus.Queued && !await gate.TryJoinAsync(runId, cancellationToken))
        {
            if (await db.TrainingRuns.AnyAsync(r => r.Id == runId && r.Status == RunStatus.Queued, cancellationToken))
            {
                await gate.DeferAsync(context, cancellationToken);
            }

            return;
        }

        var dataset = await db.Datasets.AsNoTracking().SingleAsync(d => d.Id == run.DatasetId, cancellationToken);
        // Each worker trains from its own private decrypted copy of the clean table, deleted when the job ends.
        using var data = await store.CheckOutAsync(dataset.DataKey, cancellationToken);
        var request = run.ToTrainingRequest(data.Path, DatasetService.ReadSchema(dataset), options.Value.Halving) with
        {
            // The first trial is never cut short by the budget; the study's own clock decides when to stop proposing.
            Budget = run.Budget > MinimumTrialBudget ? run.Budget : MinimumTrialBudget,
        };
        StudyTask task;
        try
        {
            task = await StudyTrainer.DetectTaskAsync(request, cancellationToken);
        }
        catch (TrainingException ex)
        {
            await FailRunAsync(runId, ex.Message, cancellationToken);
            return;
        }

        await ReleaseEarlierExecutionAsync(runId, slot, cancellationToken);
        var trainer = new StudyTrainer(clock, runners: trialRunners.Runners);
        var halving = StudyTrainer.HalvingFor(request, task);
        var failures = 0;
        while (true)
        {
            var claimStarted = clock.GetTimestamp();
            Step step;
            try
            {
                step = await NextStepAsync(runId, worker, task, halving, trainer, cancellationToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException && ++failures < MaxStepFailures)
            {
                // A lost connection or a deadlock retried by the database: nothing was committed, so asking again is safe.
                logger.LogWarning(ex, "Worker {Worker} could not take its next step in run {RunId}; trying again", worker, runId);
                await Task.Delay(RunHeartbeat.Interval, clock, cancellationToken);
                continue;
            }

            var claim = clock.GetElapsedTime(claimStarted);
            switch (step)
            {
                case Step.Done:
                    return;
                case Step.Wait:
                    await Task.Delay(RunHeartbeat.Interval, clock, cancellationToken);
                    break;
                case Step.Finalise:
                    await FinaliseAsync(runId, dataset, request, trainer, worker, cancellationToken);
                    return;
                case Step.Run run1:
                    await RunTrialAsync(run1.ProjectId, runId, run1.Settings, request, trainer, claim, cancellationToken);
                    if (await gate.OthersWaitingAsync(run.CreatedBy, cancellationToken))
                    {
                        // Fair sharing: between two trials, give the worker to another user's waiting run and come back later.
                        logger.LogInformation("Worker {Worker} of run {RunId} makes way for another user's waiting run", worker, runId);
                        await gate.DeferAsync(context, cancellationToken);
                        return;
                    }

                    break;
            }
        }
    }

    /// <summary>Steps in a row that may fail (e.g. the database is unreachable) before the worker gives up; the others go on.</summary>
    private const int MaxStepFailures = 10;

    /// <summary>Per-trial budget floor: a trial always gets at least this, even when the study's budget is small.</summary>
    private static readonly TimeSpan MinimumTrialBudget = TimeSpan.FromSeconds(10);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private abstract record Step
    {
        public sealed record Done : Step;

        public sealed record Wait : Step;

        public sealed record Finalise : Step;

        public sealed record Run(Guid ProjectId, TrialSettings Settings) : Step;
    }

    /// <summary>
    /// Quartz fires a job again after its node died (it requests recovery): what that earlier execution left running,
    /// it will never finish. Its trial is failed and its claim to finalise released, so the study goes on at once.
    /// </summary>
    private async Task ReleaseEarlierExecutionAsync(Guid runId, int slot, CancellationToken cancellationToken)
    {
        var suffix = $"/{slot}";
        await using (var held = await StudyLock.EnterAsync(db, runId, cancellationToken))
        {
            var left = await db.Trials.Where(t => t.RunId == runId && t.Status == TrialStatus.Running && t.WorkerId!.EndsWith(suffix)).ToListAsync(cancellationToken);
            foreach (var trial in left)
            {
                logger.LogWarning("Trial {TrialNumber} of run {RunId} was left running by {Worker}, which stopped", trial.Number, runId, trial.WorkerId);
                trial.WorkerStopped(Now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await db.TrainingRuns.Where(r => r.Id == runId && r.FinalisedBy != null && r.FinalisedBy.EndsWith(suffix) && r.Status == RunStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.FinalisedBy, (string?)null), cancellationToken);
            await held.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>In the study lock: decide what this worker does next, and claim it.</summary>
    private async Task<Step> NextStepAsync(Guid runId, string worker, StudyTask task, SuccessiveHalving? halving, StudyTrainer trainer, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var held = await StudyLock.EnterAsync(db, runId, cancellationToken);
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        if (run.IsFinished)
        {
            return new Step.Done();
        }

        if (run.Status == RunStatus.Queued)
        {
            // Only RunStartGate starts a run (Execute joined it through the gate before the loop), so that the caps hold.
            logger.LogError("Run {RunId} is still queued inside its study loop; worker {Worker} leaves it to the gate", runId, worker);
            return new Step.Done();
        }

        // A projection of every trial (StudyTrial): at 1,000 trials, reading and tracking whole rows was most of a step.
        var trials = await StudyTrial.ReadAsync(db, runId, cancellationToken);
        var lostNumbers = trials.Where(t => t.Status == TrialStatus.Running && t.LeaseUntil < Now).Select(t => t.Number).ToList();
        if (lostNumbers.Count > 0)
        {
            var stopped = new Dictionary<int, StudyTrial>();
            foreach (var lost in await db.Trials.Where(t => t.RunId == runId && lostNumbers.Contains(t.Number)).ToListAsync(cancellationToken))
            {
                logger.LogWarning("Trial {TrialNumber} of run {RunId} lost its worker {Worker} (no heartbeat)", lost.Number, runId, lost.WorkerId);
                lost.WorkerStopped(Now);
                stopped[lost.Number] = StudyTrial.From(lost);
            }

            trials = [.. trials.Select(t => stopped.GetValueOrDefault(t.Number, t))];
        }

        var running = trials.Count(t => t.Status == TrialStatus.Running);
        Step step;
        if (run.CancelRequestedAt is not null)
        {
            if (running == 0)
            {
                run.Cancel(Now, "Stopped on request.");
                storedTrials.Delete(run.ProjectId, runId);
                logger.LogInformation("Run {RunId} was cancelled", runId);
            }

            step = running == 0 ? new Step.Done() : new Step.Wait();
        }
        else if (UsedUp(run, trials.Count) || StoppedImproving(run, trials))
        {
            step = running > 0 ? new Step.Wait()
                : run.FinalisedBy is null ? (Step)Claim(run, worker)
                : new Step.Done();
        }
        else
        {
            var number = trials.Count == 0 ? 1 : trials.Max(t => t.Number) + 1;
            var finished = trials.Where(t => t.Status != TrialStatus.Running).Select(t => t.Observation).OfType<TrialObservation>().ToList();
            var elsewhere = trials.Where(t => t.Status == TrialStatus.Running).Select(t => t.Settings).OfType<TrialSettings>().ToList();
            var settings = trainer.Propose(task.Kind, run.Seed, finished, number, task.Rows, elsewhere, halving);
            var parameters = settings.ParameterText();
            db.Trials.Add(Trial.Claim(
                run.ProjectId, runId, number, settings.Trainer,
                JsonSerializer.Serialize(parameters, AugurJson.Compact),
                JsonSerializer.Serialize(settings, AugurJson.Compact),
                settings.DataFraction,
                worker, Now + RunHeartbeat.Lease, Now));
            step = new Step.Run(run.ProjectId, settings);
        }

        await db.SaveChangesAsync(cancellationToken);
        await held.CommitAsync(cancellationToken);
        if (step is Step.Run)
        {
            storedTrials.Prune(run.ProjectId, runId, trials);
        }

        return step;
    }

    /// <summary>Whether the study may start no more trials: its trial cap is reached or its search time is over.</summary>
    private bool UsedUp(TrainingRun run, int trials) =>
        (run.MaxTrials is { } max && trials >= max)
        || (run.StartedAt is { } started && Now - started >= run.Budget * (1 - StudyTrainer.FinaliseShare));

    /// <summary>
    /// Early stopping for a study: its finished trials, in the order they were numbered, end with the run's
    /// <see cref="TrainingRun.EarlyStopping"/> trials in a row that found no better model (the same rule as one worker's).
    /// A trial that failed because its worker went away says nothing about the search, so it does not count; nor does a
    /// screening trial (successive halving), as on one worker.
    /// </summary>
    internal static bool StoppedImproving(TrainingRun run, IReadOnlyList<StudyTrial> trials) =>
        run.EarlyStopping is { } patience
        // As on one worker, a search with no model yet goes on: failures alone never stop it early.
        && trials.Any(t => t.Status == TrialStatus.Succeeded && t.Settings is not { IsFullData: false })
        && ProgressCounter.Count(
            trials.Where(t => t.Status is TrialStatus.Succeeded or TrialStatus.Failed && !t.LostItsWorker && t.Settings is not { IsFullData: false })
                .OrderBy(t => t.Number)
                .Select(t => t.Settings is null ? double.PositiveInfinity : t.Loss),
            SearchLimits.DefaultMinimumImprovement) >= patience;

    private static Step.Finalise Claim(TrainingRun run, string worker)
    {
        run.ClaimFinalisation(worker);
        return new Step.Finalise();
    }

    /// <summary>Runs a claimed trial outside the lock, with a heartbeat that keeps its lease and listens for a cancel.</summary>
    /// <param name="claim">How long claiming the trial took (the lock, the replay and the commit), for the dispatch log line.</param>
    private async Task RunTrialAsync(Guid projectId, Guid runId, TrialSettings settings, TrainingRequest request, StudyTrainer trainer, TimeSpan claim, CancellationToken cancellationToken)
    {
        TrialResult result;
        string? metric;
        using var scratch = store.CreateWorkFolder();
        await using (var heartbeat = new RunHeartbeat(scopes, clock, logger, runId, settings.Number))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, heartbeat.Cancelled);
            var started = clock.GetUtcNow();
            try
            {
                // A screening trial (on a share of the rows) is never a finalist, so its models are not kept.
                var trial = await trainer.RunTrialAsync(request, settings, settings.IsFullData ? scratch.File("models.zip") : null, linked.Token);
                (result, metric) = trial;
                if (trial is { Run: { } run, ModelsSaved: true })
                {
                    // Stored before it is recorded, so that the worker that finalises finds every trial it sees succeeded.
                    await storedTrials.SaveAsync(projectId, runId, settings.Number, run, scratch.File("models.zip"), linked.Token);
                }
            }
            catch (Exception) when (heartbeat.CancelRequested && !cancellationToken.IsCancellationRequested)
            {
                result = new TrialResult(settings.Number, settings.Trainer, new Dictionary<string, string>(), new Dictionary<string, double>(), clock.GetUtcNow() - started, TrialStatus.Cancelled, "The run was cancelled.");
                metric = null;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // This node is shutting down: the trial will not finish here. Quartz fires this job again (it requests
                // recovery), and that execution fails the trial; failing it now lets the other workers go on at once.
                await using var stopping = scopes.CreateAsyncScope();
                var stoppingDb = stopping.ServiceProvider.GetRequiredService<AugurDbContext>();
                if (await stoppingDb.Trials.SingleOrDefaultAsync(t => t.RunId == runId && t.Number == settings.Number, CancellationToken.None) is { } trial)
                {
                    trial.WorkerStopped(Now);
                    await stoppingDb.SaveChangesAsync(CancellationToken.None);
                }

                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                // The trial broke outside the trainer's own handling (e.g. the data file could not be read): it failed.
                result = new TrialResult(settings.Number, settings.Trainer, new Dictionary<string, string>(), new Dictionary<string, double>(), clock.GetUtcNow() - started, TrialStatus.Failed, ex.Message);
                metric = null;
            }
        }

        // Recording is an upsert keyed by (run, number): a repeat, or a late result after the lease ran out, updates the row.
        var recordStarted = clock.GetTimestamp();
        await using var recording = scopes.CreateAsyncScope();
        var recorder = recording.ServiceProvider.GetRequiredService<TrialRecorder>();
        var parameters = settings.ParameterText();
        await recorder.RecordAsync(projectId, runId, TrialRecord.From(result with { Parameters = parameters }, metric, attempt: 1), CancellationToken.None);
        var done = await db.Trials.CountAsync(t => t.RunId == runId && t.Status != TrialStatus.Running, CancellationToken.None);
        await recorder.ReportCountAsync(runId, done, CancellationToken.None);
        // bench/Cluster reads this line: claiming plus recording is what dispatching through the database adds to a trial.
        logger.LogInformation(
            "Trial {TrialNumber} of run {RunId} {Status}; dispatch: claim {ClaimMs:F1} ms, record {RecordMs:F1} ms",
            settings.Number, runId, result.Status, claim.TotalMilliseconds, clock.GetElapsedTime(recordStarted).TotalMilliseconds);
    }

    /// <summary>Builds the model from the study's best trials and registers it (this worker won the claim to finalise).</summary>
    private async Task FinaliseAsync(Guid runId, Dataset dataset, TrainingRequest request, StudyTrainer trainer, string worker, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var trials = await db.Trials.AsNoTracking().Where(t => t.RunId == runId).OrderBy(t => t.Number).ToListAsync(cancellationToken);
        var study = trials.Select(StudyTrial.From).ToList();
        var best = StudyTrial.Ranked(study);
        logger.LogInformation("Worker {Worker} finalises run {RunId} from {Count} succeeded trials", worker, runId, best.Count);
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        try
        {
            // The finalists are validated again in a search that never stops early; whether the study did is known here.
            // Stopped early only if early stopping, not the budget or the cap, is what ended the search.
            var left = run.StartedAt is { } started ? started + run.Budget - Now : run.Budget;
            // (No trial succeeded: FinaliseAsync says so, and the run fails with the trials' reasons.)
            var bestTrial = best.Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(trials.Single(t => t.Number == best[0].Number).DurationSeconds);
            var finalise = request with { Budget = FinaliseBudget(left, bestTrial) };
            var outcome = await trainer.FinaliseAsync(
                finalise, best, StoppedImproving(run, study) && !UsedUp(run, study.Count), storedTrials.Archive(run.ProjectId, runId), cancellationToken);
            await registration.RegisterAsync(run, dataset, request.DataPath, outcome, Leaderboard(trials), cancellationToken);
        }
        catch (TrainingException ex)
        {
            var reasons = string.Join("; ", trials.Where(t => t.FailureReason is not null).Take(5).Select(t => $"trial {t.Number} ({t.Trainer}): {t.FailureReason}"));
            await FailRunAsync(runId, reasons.Length == 0 ? ex.Message : $"{ex.Message} {reasons}", CancellationToken.None);
        }

        // Registered or failed, the study is over. (A finalising that stopped on a shutdown keeps them: it runs again.)
        storedTrials.Delete(run.ProjectId, runId);
    }

    /// <summary>
    /// The budget of finalising: what is left of the study's (the share kept back from proposing), so that validating the
    /// candidates again and refitting them ends about when the study should. Never less than twice the best trial's own
    /// time, which prepared the data and validated it once (a trial prepares the data as finalising does), so that the
    /// best is always validated again; nor less than <see cref="MinimumTrialBudget"/>.
    /// </summary>
    internal static TimeSpan FinaliseBudget(TimeSpan left, TimeSpan bestTrial)
    {
        var floor = bestTrial * 2 > MinimumTrialBudget ? bestTrial * 2 : MinimumTrialBudget;
        return left > floor ? left : floor;
    }

    /// <summary>
    /// The study's trials as a leaderboard: succeeded ones best first (those on all rows before screening trials, as on
    /// one worker), then the rest by number.
    /// </summary>
    private static List<TrialResult> Leaderboard(List<Trial> trials) =>
        [.. trials
            .Select(t => (Trial: t, Loss: StudyTrial.LossOf(t.Status, t.Metric, t.Score)))
            .OrderBy(x => x.Trial.Status == TrialStatus.Succeeded ? 0 : 1)
            .ThenByDescending(x => x.Trial.Status == TrialStatus.Succeeded ? x.Trial.DataFraction : 0)
            .ThenBy(x => x.Loss)
            .ThenBy(x => x.Trial.Number)
            .Select(x => new TrialResult(
                x.Trial.Number,
                x.Trial.Trainer,
                JsonSerializer.Deserialize<Dictionary<string, string>>(x.Trial.ParametersJson, AugurJson.Options) ?? [],
                JsonSerializer.Deserialize<Dictionary<string, double>>(x.Trial.MetricsJson, AugurJson.Options) ?? [],
                TimeSpan.FromSeconds(x.Trial.DurationSeconds),
                x.Trial.Status,
                x.Trial.FailureReason)
            {
                DataFraction = x.Trial.DataFraction,
            })];

    private async Task FailRunAsync(Guid runId, string reason, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        if (!run.IsFinished)
        {
            run.Fail(Now, reason);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Training run {RunId} failed: {Reason}", runId, reason);
        }
    }
}
