using System.Text.Json;
using Augur.Data;
using Augur.Learning.Training;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Models;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Training;

/// <summary>
/// Stores a finished run's bundle, marks the run succeeded and registers the bundle as the next version of the run's
/// model, in one SaveChanges. Registering is keyed by the run (a unique index), so a repeat after a crash, or a second
/// finaliser of a study, cannot add a second version.
/// </summary>
public sealed class RunRegistration(AugurDbContext db, IArtifactStore store, TimeProvider clock, ILogger<RunRegistration> logger)
{
    /// <param name="dataPath">The clean table the run trained on (the job's decrypted copy), hashed for the version's lineage.</param>
    /// <param name="leaderboard">Every trial of the run, best first (the run's row keeps the best <see cref="TrainingRun.LeaderboardLimit"/>).</param>
    public async Task RegisterAsync(TrainingRun run, Dataset dataset, string dataPath, TrainingOutcome outcome, IReadOnlyList<TrialResult> leaderboard, CancellationToken cancellationToken)
    {
        using var bundle = outcome.Bundle;
        var bundleKey = $"projects/{run.ProjectId:N}/runs/{run.Id:N}/model.augur";
        long bundleBytes;
        using (var buffer = new MemoryStream())
        {
            await bundle.SaveAsync(buffer, cancellationToken);
            bundleBytes = buffer.Length;
            buffer.Position = 0;
            await store.WriteAsync(bundleKey, buffer, cancellationToken);
        }

        var best = outcome.Best;
        var report = outcome.Report.ToJson();
        // The leaderboard and report go to the run's details, which lists of runs leave unread (TrainingRunDetails).
        await db.Entry(run).Reference(r => r.Details).LoadAsync(cancellationToken);
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
            JsonSerializer.Serialize(leaderboard.Take(TrainingRun.LeaderboardLimit).Select(t => t with { FoldMetrics = [], Resources = null }), AugurJson.Compact),
            bundleKey,
            leaderboard.Count,
            report,
            outcome.StoppedEarly,
            // As `augur train` does: checked on what is served, the blend's measures when it is one.
            run.ParsedGoal() is { } goal ? goal.Check(outcome.ValidationMetrics.ContainsKey(goal.Metric) ? outcome.ValidationMetrics : best.Metrics).Met : null);

        // The winner's trial links to the bundle it became; stored with the run's success below. Not a screening trial: a
        // study that ended before any trial reached all rows trained its best screened settings on all rows at the end,
        // so the row of the screening trial, scored on a sample, is not the model.
        if (await db.Trials.SingleOrDefaultAsync(t => t.RunId == run.Id && t.Number == best.Number, cancellationToken) is { IsFullData: true } winner)
        {
            winner.AttachArtifact(bundleKey);
        }

        var spec = new NewVersion(bundleKey, bundleBytes, run.Task!, run.Target, best.Trainer, outcome.Metric, metricValue)
        {
            RunId = run.Id,
            TrialNumber = best.Number,
            DatasetId = run.DatasetId,
            DatasetHash = await ContentHash.OfFileAsync(dataPath, cancellationToken),
            ServedModels = outcome.ServedModels.Length > 0 ? outcome.ServedModels : null,
            ReportJson = report,
            CreatedBy = run.CreatedBy,
        };
        for (var attempt = 1; ; attempt++)
        {
            var (model, version) = await AddVersionAsync(run, spec, cancellationToken);
            try
            {
                // One SaveChanges: the run's success and its model version are stored together or not at all.
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation(
                    "Training run {RunId} succeeded: {Trainer} with {Metric} = {MetricValue}, registered as {Model} v{Version}",
                    run.Id, best.Trainer, outcome.Metric, metricValue, model.Name, version.Version);
                return;
            }
            catch (DbUpdateException ex) when (attempt < 5)
            {
                // Another run of the same model registered at the same moment and took this version number (or created
                // the model first): forget what was read, read the registry again and take the next number.
                logger.LogInformation(ex, "Registering run {RunId} raced with another run of {Model}; trying again", run.Id, run.ModelName);
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is RegisteredModel or ModelVersion or ModelAlias).ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<(RegisteredModel Model, ModelVersion Version)> AddVersionAsync(TrainingRun run, NewVersion spec, CancellationToken cancellationToken)
    {
        var model = await db.Models.Include(m => m.Versions).SingleOrDefaultAsync(m => m.ProjectId == run.ProjectId && m.Name == run.ModelName, cancellationToken);
        if (model is null)
        {
            model = RegisteredModel.Create(run.ProjectId, run.ModelName, Now);
            db.Models.Add(model);
        }

        var version = model.Versions.SingleOrDefault(v => v.RunId == run.Id) ?? model.AddVersion(VersionSource.Trained, spec, Now);
        return (model, version);
    }
}
