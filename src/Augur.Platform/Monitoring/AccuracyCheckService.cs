using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Learning.Bundles;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Models;
using Augur.Platform.Projects;
using Augur.Platform.Serving;
using Augur.Platform.Storage;
using Augur.Platform.Deployments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Whether a model is still right: a version scored on one of the project's datasets whose outcomes are known now
/// (<see cref="KnownOutcomes"/>), compared with how it did on the rows held back in training, and kept as a check. A
/// person asks for a check; Augur also checks the versions its endpoints serve on each dataset uploaded with their
/// target (<see cref="CheckLiveVersionsAsync"/>). A served version found much worse raises an alert on its endpoints.
/// </summary>
public sealed partial class AccuracyCheckService(
    AugurDbContext db, ProjectService projects, ModelService models, ModelCache cache, IArtifactStore store, AuditLog audit, TimeProvider clock,
    ILogger<AccuracyCheckService> logger, AlertWebhooks webhooks)
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

        var check = await MeasureAsync(projectId, model, version, dataset, caller.UserId, cancellationToken);
        await audit.RecordAsync(caller, "model.check", projectId, "model", $"{check.ModelName}/v{check.Version}", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"on {dataset.Name}: {check.Metric} {check.Value:0.###} (trained {check.TrainedValue:0.###})"), cancellationToken);
        return check;
    }

    /// <summary>
    /// Checks every version the project's endpoints serve (with a share of the traffic) on a dataset just uploaded, when
    /// it has the version's target and is not the data it was trained on: last month's customers, uploaded with
    /// <c>Churn</c> filled in to retrain, say how the live model did on them. A version that cannot be checked on it
    /// (no outcomes, inputs it cannot read) is logged and passed over. Returns the checks made. Run by
    /// <see cref="CheckLiveModelsJob"/>, as the person who uploaded the data.
    /// </summary>
    public async Task<IReadOnlyList<AccuracyCheck>> CheckLiveVersionsAsync(Guid projectId, Guid datasetId, Guid uploadedBy, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Id == datasetId, cancellationToken);
        if (dataset is null)
        {
            return [];
        }

        var schema = DatasetService.ReadSchema(dataset);
        var checks = new List<AccuracyCheck>();
        IReadOnlyList<JsonObject>? rows = null;
        foreach (var (model, version) in await ServedVersionsAsync(projectId, cancellationToken))
        {
            // Not on its own training data, and not again when someone already checked it on this data (augur monitor check --data uploads, then checks).
            if (schema.Find(version.Target) is null || version.DatasetId == dataset.Id
                || await db.AccuracyChecks.AnyAsync(c => c.ModelVersionId == version.Id && c.DatasetId == dataset.Id, cancellationToken))
            {
                continue;
            }

            try
            {
                // The rows are read once for all the versions checked on them.
                rows ??= await ReadRowsAsync(dataset, cancellationToken);
                checks.Add(await MeasureAsync(projectId, model, version, dataset, uploadedBy, cancellationToken, rows));
            }
            catch (PlatformValidationException ex)
            {
                LogNotChecked(logger, model, version.Version, dataset.Name, ex.Message);
                db.ChangeTracker.Clear();
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
            {
                // One version that cannot be scored (a bundle that does not load) must not keep the others unchecked.
                LogCheckFailed(logger, ex, model, version.Version, dataset.Name);
                db.ChangeTracker.Clear();
            }
        }

        return checks;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model} v{Version} was not checked on the new dataset {Dataset}: {Reason}")]
    private static partial void LogNotChecked(ILogger logger, string model, int version, string dataset, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The check of {Model} v{Version} on the new dataset {Dataset} failed; the other served versions were checked")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string model, int version, string dataset);

    /// <summary>Scores the version on the dataset's first rows, keeps the check, and raises alerts when it is much worse.</summary>
    /// <param name="rows">The dataset's first rows when already read; read here otherwise.</param>
    private async Task<AccuracyCheck> MeasureAsync(Guid projectId, string model, ModelVersion version, Dataset dataset, Guid by, CancellationToken cancellationToken, IReadOnlyList<JsonObject>? rows = null)
    {
        var bundle = await cache.GetAsync(version, cancellationToken);
        // Shared between the versions checked on one upload: scoring only reads them.
        rows ??= await ReadRowsAsync(dataset, cancellationToken);

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

        var trained = bundle.Info.Metrics;
        var metric = AccuracyComparison.MeasureFor(version.Metric, bundle.Info.Task, found.Metrics, trained)
            ?? throw new PlatformValidationException("datasetId",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Augur could not measure the model on '{dataset.Name}' the way it did in training, so there is nothing to compare. Do its {found.Rows:#,0} rows all have the same outcome?"));
        var now = found.Metrics[metric];
        var then = trained[metric];
        var check = AccuracyCheck.Record(projectId, model, version.Id, version.Version, dataset.Id, dataset.Name, found.Rows,
            found.WithoutOutcome + found.UnknownClass + found.Unanswered, metric, now, then,
            JsonSerializer.Serialize(found.Metrics, AugurJson.Compact), AccuracyComparison.Judge(metric, now, then), by, clock.GetUtcNow().UtcDateTime);
        db.AccuracyChecks.Add(check);
        var alerts = check.Verdict == AccuracyVerdict.MuchWorse ? await RaiseAlertsAsync(check, cancellationToken) : [];
        await db.SaveChangesAsync(cancellationToken);
        await webhooks.QueueAsync(alerts, cancellationToken);
        return check;
    }

    private Task<IReadOnlyList<JsonObject>> ReadRowsAsync(Dataset dataset, CancellationToken cancellationToken) =>
        DatasetService.FirstRowsAsync(store, dataset, MaxRows, cancellationToken);

    /// <summary>An alert on each endpoint that serves the checked version, unless one about its accuracy is still open there.</summary>
    private async Task<IReadOnlyList<Alert>> RaiseAlertsAsync(AccuracyCheck check, CancellationToken cancellationToken)
    {
        var raised = new List<Alert>();
        foreach (var deployment in await db.Deployments.AsNoTracking().Where(d => d.ProjectId == check.ProjectId && d.ModelName == check.ModelName).ToListAsync(cancellationToken))
        {
            if (!await ServesAsync(deployment, check.ModelVersionId, cancellationToken)
                || await db.Alerts.AnyAsync(a => a.DeploymentId == deployment.Id && a.Version == check.Version && a.Kind == AlertKind.Accuracy && a.DismissedAt == null, cancellationToken))
            {
                continue;
            }

            var where = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'{check.DatasetName}' ({check.Rows:N0} rows whose outcome is known)");
            raised.Add(Alert.Raise(check.ProjectId, deployment.Id, deployment.Name, deployment.ModelName, check.Version, AlertKind.Accuracy,
                AccuracyComparison.MuchWorseAlert(check.ModelName, check.Version, where, check.Metric, check.Value, check.TrainedValue), clock.GetUtcNow().UtcDateTime));
        }

        db.Alerts.AddRange(raised);
        return raised;
    }

    /// <summary>The versions the project's endpoints send a share of their traffic to, each once, with its model's name.</summary>
    private async Task<IReadOnlyList<(string Model, ModelVersion Version)>> ServedVersionsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var served = new Dictionary<Guid, (string, ModelVersion)>();
        foreach (var deployment in await db.Deployments.AsNoTracking().Where(d => d.ProjectId == projectId).ToListAsync(cancellationToken))
        {
            foreach (var version in await VersionsOfAsync(deployment, cancellationToken))
            {
                served.TryAdd(version.Id, (deployment.ModelName, version));
            }
        }

        return [.. served.Values];
    }

    private async Task<bool> ServesAsync(Deployment deployment, Guid versionId, CancellationToken cancellationToken) =>
        (await VersionsOfAsync(deployment, cancellationToken)).Any(v => v.Id == versionId);

    /// <summary>The versions an endpoint's split sends requests to now (an alias resolves to the version it points at).</summary>
    private async Task<IReadOnlyList<ModelVersion>> VersionsOfAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        foreach (var target in deployment.Split.Targets.Where(t => t.Weight > 0))
        {
            try
            {
                versions.Add(await models.ResolveAsync(deployment.ProjectId, deployment.ModelName, VersionSelector.Parse(target.Version), cancellationToken));
            }
            catch (NotFoundException)
            {
                // An alias pointing nowhere serves nothing; the endpoint answers 503 for it and says so itself.
            }
        }

        return versions;
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
