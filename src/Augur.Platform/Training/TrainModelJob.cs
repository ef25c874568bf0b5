using System.Text.Json;
using Augur.Data;
using Augur.Learning.Training;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Experiments;
using Augur.Platform.Models;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

        run.Start(Now);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Training run {RunId} started (attempt {Attempt}) for target {Target}", run.Id, run.Attempts, run.Target);

        try
        {
            await TrainAndRegisterAsync(run, cancellationToken);
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
        var request = new TrainingRequest(store.GetPath(dataset.DataKey), DatasetService.ReadSchema(dataset), run.Target)
        {
            Budget = run.Budget,
            Seed = run.Seed,
        };
        TrainingOutcome outcome;
        // Each trial is recorded as it finishes, through the trainer's progress seam (see TrialProgressSink).
        await using (var trials = new TrialProgressSink(scopes, logger, run.ProjectId, run.Id, run.Attempts))
        {
            outcome = await trainer.TrainAsync(request, trials, cancellationToken);
            await trials.DrainAsync();
        }

        using var bundle = outcome.Bundle;
        await RecordMissingTrialsAsync(run, outcome, cancellationToken);

        var bundleKey = $"projects/{run.ProjectId:N}/runs/{run.Id:N}/model.augur";
        using (var buffer = new MemoryStream())
        {
            await bundle.SaveAsync(buffer, cancellationToken);
            buffer.Position = 0;
            await store.WriteAsync(bundleKey, buffer, cancellationToken);
        }

        var best = outcome.Best;
        var metricValue = best.Metrics.TryGetValue(outcome.Metric, out var value) ? value : double.NaN;
        run.Succeed(
            Now,
            outcome.Task.ToString().ToLowerInvariant(),
            best.Trainer,
            outcome.Metric,
            metricValue,
            JsonSerializer.Serialize(best.Metrics, AugurJson.Compact),
            JsonSerializer.Serialize(best.Parameters, AugurJson.Compact),
            // Only the best trials stay in the run's own row (every list of runs reads it); all of them are in Trials.
            JsonSerializer.Serialize(outcome.Leaderboard.Take(TrainingRun.LeaderboardLimit).Select(t => t with { FoldMetrics = [], Resources = null }), AugurJson.Compact),
            bundleKey,
            outcome.Leaderboard.Count);

        // The winner's trial links to the bundle it became; stored with the run's success below.
        if (await db.Trials.SingleOrDefaultAsync(t => t.RunId == run.Id && t.Number == best.Number, cancellationToken) is { } winner)
        {
            winner.AttachArtifact(bundleKey);
        }

        var model = await db.Models.Include(m => m.Versions).SingleOrDefaultAsync(m => m.ProjectId == run.ProjectId && m.Name == run.ModelName, cancellationToken);
        if (model is null)
        {
            model = RegisteredModel.Create(run.ProjectId, run.ModelName, Now);
            db.Models.Add(model);
        }

        ModelVersion? version = model.Versions.SingleOrDefault(v => v.RunId == run.Id);
        version ??= model.AddVersion(run.Id, run.DatasetId, bundleKey, run.Task!, run.Target, best.Trainer, outcome.Metric, metricValue, Now);

        // One SaveChanges: the run's success and its model version are stored together or not at all.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation(
            "Training run {RunId} succeeded: {Trainer} with {Metric} = {MetricValue}, registered as {Model} v{Version}",
            run.Id, best.Trainer, outcome.Metric, metricValue, model.Name, version.Version);
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

    private async Task FailAsync(TrainingRun run, string reason)
    {
        run.Fail(Now, reason);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogWarning("Training run {RunId} failed: {Reason}", run.Id, reason);
    }
}
