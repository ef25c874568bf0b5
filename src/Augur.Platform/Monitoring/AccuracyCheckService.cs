using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Data.Jsonl;
using Augur.Learning.Bundles;
using Augur.Learning.Trainers;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Models;
using Augur.Platform.Projects;
using Augur.Platform.Serving;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Whether a model is still right: a version scored on one of the project's datasets whose outcomes are known now
/// (<see cref="KnownOutcomes"/>), compared with how it did on the rows held back in training, and kept as a check.
/// </summary>
public sealed class AccuracyCheckService(
    AugurDbContext db, ProjectService projects, ModelService models, ModelCache cache, IArtifactStore store, AuditLog audit, TimeProvider clock)
{
    /// <summary>At most this many rows of the dataset are scored (the first ones), so a check stays a matter of seconds.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Measures a version on a dataset of the project that holds its target column (editors; the check is kept).</summary>
    public async Task<AccuracyCheck> CheckAsync(Caller caller, Guid projectId, string model, VersionSelector selector, Guid datasetId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var version = await models.ResolveAsync(projectId, model, selector, cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Id == datasetId, cancellationToken)
            ?? throw new PlatformValidationException("datasetId", $"The dataset '{datasetId}' is not in this project.");
        if (DatasetService.ReadSchema(dataset).Find(version.Target) is null)
        {
            throw new PlatformValidationException("datasetId",
                $"The dataset '{dataset.Name}' has no column '{version.Target}': Augur needs the outcomes, the values of '{version.Target}', to tell whether the model was right.");
        }

        var bundle = await cache.GetAsync(version, cancellationToken);
        IReadOnlyList<JsonObject> rows;
        await using (var data = store.OpenRead(dataset.DataKey))
        {
            rows = await JsonlReader.PeekAsync(data, dataset.Name, MaxRows, cancellationToken);
        }

        // A model ranked by the cost of its mistakes is measured with the costs its run was given.
        var costs = version.RunId is { } runId
            ? (await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId && r.ProjectId == projectId, cancellationToken))?.Costs()
            : null;
        var found = KnownOutcomes.Evaluate(bundle, rows, costs);
        if (found.Rows == 0)
        {
            throw new PlatformValidationException("datasetId",
                $"No row of '{dataset.Name}' could be checked: {found.WithoutOutcome} have no value of '{version.Target}', {found.UnknownClass} a value the model never saw in training, {found.Unanswered} an input it could not read.");
        }

        // The measure the version was ranked by, else the task's usual one, else accuracy (the plainest), else any of the
        // task's that both sides have: rows of one outcome only (every customer churned) have no AUC, but an accuracy.
        var trained = bundle.Info.Metrics;
        var metric = new[] { version.Metric, Evaluator.PrimaryMetric(bundle.Info.Task), "accuracy" }.Concat(Evaluator.MetricsOf(bundle.Info.Task))
            .FirstOrDefault(m => found.Metrics.TryGetValue(m, out var a) && double.IsFinite(a) && trained.TryGetValue(m, out var b) && double.IsFinite(b))
            ?? throw new PlatformValidationException("datasetId",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Augur could not measure the model on '{dataset.Name}' the way it did in training, so there is nothing to compare. Do its {found.Rows:#,0} rows all have the same outcome?"));
        var now = found.Metrics[metric];
        var then = trained[metric];
        var check = AccuracyCheck.Record(projectId, model, version.Id, version.Version, dataset.Id, dataset.Name, found.Rows,
            found.WithoutOutcome + found.UnknownClass + found.Unanswered, metric, now, then,
            JsonSerializer.Serialize(found.Metrics, AugurJson.Compact), AccuracyComparison.Judge(metric, now, then), caller.UserId, clock.GetUtcNow().UtcDateTime);
        db.AccuracyChecks.Add(check);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "model.check", projectId, "model", $"{check.ModelName}/v{check.Version}", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"on {dataset.Name}: {metric} {now:0.###} (trained {then:0.###})"), cancellationToken);
        return check;
    }

    /// <summary>A model's checks, newest first (viewers).</summary>
    public async Task<IReadOnlyList<AccuracyCheck>> ListAsync(Caller caller, Guid projectId, string model, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        await models.GetAsync(caller, projectId, model, cancellationToken);
        return await db.AccuracyChecks.AsNoTracking().Where(c => c.ProjectId == projectId && c.ModelName == model)
            .OrderByDescending(c => c.CheckedAt).Take(200).ToListAsync(cancellationToken);
    }
}
