using System.Text.Json;
using Augur.Data;
using Augur.Learning.Features;
using Augur.Learning.Training;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Experiments;
using Augur.Platform.Models;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Augur.Platform.Training;

/// <summary>
/// Trains one run and registers the winner as the next version of the run's model.
/// Delivery is at least once: Quartz may fire this job again after a crash, so every step checks the run's state
/// first, and registering is keyed by the run (a unique index), which makes a repeat harmless.
/// </summary>
public sealed class TrainModelJob(
    AugurDbContext db,
    IAutoTrainer trainer,
    IArtifactStore store,
    TimeProvider clock,
    IServiceScopeFactory scopes,
    RunRegistration registration,
    RunStartGate gate,
    IOptions<TrainingOptions> options,
    ILogger<TrainModelJob> logger) : IJob
{
    public const string RunIdKey = "runId";

    public static JobKey KeyFor(Guid runId) => new($"train-{runId:N}", "training");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var runId = Guid.Parse(context.MergedJobDataMap.GetString(RunIdKey)!);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ProjectId"] = run.ProjectId, ["RunId"] = run.Id });
        if (run.Attempts >= TrainingRun.MaxAttempts)
        {
            run.Fail(Now, $"Augur was stopped {run.Attempts} times while this run was training, so it was not tried again. Start a new run.");
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        if (!await gate.TryStartAsync(run, cancellationToken))
        {
            // Not this run's turn: try again shortly. The run stays queued, so nobody sees a failure.
            await gate.DeferAsync(context, cancellationToken);
            return;
        }

        logger.LogInformation("Training run {RunId} started (attempt {Attempt}) for target {Target}", run.Id, run.Attempts, run.Target);

        if (run.CancelRequestedAt is not null)
        {
            run.Cancel(Now, "Stopped on request.");
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        // The heartbeat polls the run once a second, so a cancel from any node stops this training within seconds.
        await using var heartbeat = new RunHeartbeat(scopes, clock, logger, run.Id, trialNumber: null);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, heartbeat.Cancelled);
        try
        {
            await TrainAndRegisterAsync(run, linked.Token);
        }
        catch (Exception) when (heartbeat.CancelRequested && !cancellationToken.IsCancellationRequested)
        {
            await CancelAsync(run);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is shutting down. The run stays "running"; TrainingRecovery queues it again at the next start.
            logger.LogWarning("Training run {RunId} was interrupted by shutdown", run.Id);
            throw;
        }
        catch (TrainingException ex)
        {
            await FailAsync(run, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogError(ex, "Training run {RunId} failed", run.Id);
            await FailAsync(run, $"Training failed unexpectedly: {ex.Message}");
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task TrainAndRegisterAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.SingleAsync(d => d.Id == run.DatasetId, cancellationToken);
        // Training reads a file: the clean table is decrypted into a private copy that is deleted when the run ends.
        using var data = await store.CheckOutAsync(dataset.DataKey, cancellationToken);
        var request = run.ToTrainingRequest(data.Path, DatasetService.ReadSchema(dataset), options.Value.Halving) with
        {
            // A trial cap given with the run ends the search early on a single worker too, not only on study workers.
            MaxTrials = run.MaxTrials,
            EarlyStopping = run.EarlyStopping,
        };
        TrainingOutcome outcome;
        // Each trial is recorded as it finishes, through the trainer's progress seam (see TrialProgressSink).
        await using (var trials = new TrialProgressSink(scopes, logger, run.ProjectId, run.Id, run.Attempts))
        {
            outcome = await trainer.TrainAsync(request, trials, cancellationToken);
            await trials.DrainAsync();
        }

        await RecordMissingTrialsAsync(run, outcome, cancellationToken);
        await registration.RegisterAsync(run, dataset, data.Path, outcome, outcome.Leaderboard, cancellationToken);
    }

    /// <summary>Writes any trial whose write failed while training (logged there), so the trials table is complete.</summary>
    private async Task RecordMissingTrialsAsync(TrainingRun run, TrainingOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var recorder = scope.ServiceProvider.GetRequiredService<TrialRecorder>();
            var records = outcome.Leaderboard.Select(t => TrialRecord.From(t, outcome.Metric, run.Attempts)).ToList();
            var written = await recorder.RecordMissingAsync(run.ProjectId, run.Id, records, cancellationToken);
            if (written > 0)
            {
                logger.LogInformation("Recorded {Count} trials of run {RunId} that were missed while training", written, run.Id);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // Tracking must never fail training: the run and its model still succeed, with the leaderboard in the run.
            logger.LogWarning(ex, "The trials of run {RunId} could not all be recorded", run.Id);
        }
    }

    private async Task CancelAsync(TrainingRun run)
    {
        db.ChangeTracker.Clear();
        run = await db.TrainingRuns.SingleAsync(r => r.Id == run.Id, CancellationToken.None);
        if (!run.IsFinished)
        {
            run.Cancel(Now, "Stopped on request.");
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogInformation("Training run {RunId} was cancelled", run.Id);
        }
    }

    private async Task FailAsync(TrainingRun run, string reason)
    {
        if (run.IsFinished)
        {
            // The run was marked succeeded in memory but storing that failed: start again from what is stored.
            db.ChangeTracker.Clear();
            run = await db.TrainingRuns.SingleAsync(r => r.Id == run.Id, CancellationToken.None);
        }

        run.Fail(Now, reason);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogWarning("Training run {RunId} failed: {Reason}", run.Id, reason);
    }
}
