using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Platform.Audit;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Deployments;
using Augur.Platform.Models;
using Augur.Platform.Projects;
using Augur.Platform.Storage;
using Augur.Platform.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Watches live models: compares the inputs an endpoint's versions were asked about lately (its logged predictions)
/// with the data each version was trained on (<see cref="DriftCheck"/>), and keeps the alerts the hourly check raises.
/// </summary>
public sealed partial class MonitoringService(
    AugurDbContext db, ProjectService projects, IArtifactStore store, Serving.ModelCache cache, Remembered<DriftReport> scoredFiles, Remembered<IReadOnlyList<JsonNode?>> trainingAnswers, AuditLog audit, TimeProvider clock, IOptions<AugurOptions> options, ILogger<MonitoringService> logger, LiveAccuracyService liveAccuracy, AlertWebhooks webhooks)
{
    /// <summary>The drift of each version that answered the endpoint within the window, the busiest version first.</summary>
    public async Task<IReadOnlyList<DriftReport>> DriftAsync(Caller caller, Guid projectId, string endpoint, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Name == endpoint, cancellationToken)
            ?? throw new NotFoundException("endpoint", endpoint);
        return await CheckAsync(deployment, cancellationToken);
    }

    /// <summary>
    /// Whether a file scored in batch looks like the data its model version was trained on: its first
    /// <see cref="MonitoringOptions.MaxPredictions"/> rows, read as the model reads them, compared column by column.
    /// </summary>
    public async Task<DriftReport> ScoredFileDriftAsync(Caller caller, Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var job = await db.ScoringJobs.AsNoTracking().SingleOrDefaultAsync(j => j.ProjectId == projectId && j.Id == jobId, cancellationToken)
            ?? throw new NotFoundException("scoring job", jobId);
        if (job.Status != Scoring.ScoringStatus.Succeeded)
        {
            throw new PlatformValidationException("jobId", $"'{job.InputFileName}' has not been scored successfully ({job.Status switch { Scoring.ScoringStatus.Queued => "it is waiting to be scored", Scoring.ScoringStatus.Running => "it is being scored", Scoring.ScoringStatus.Failed => "its scoring failed", _ => "its scoring was stopped" }}); compare it once its scoring is done.");
        }

        // A job's file and version never change, so its report is computed once per node: reading the file again is not free.
        if (scoredFiles.TryGet(job.Id) is { } known)
        {
            return known;
        }

        var version = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Id == job.ModelVersionId, cancellationToken);
        var bundle = await cache.GetAsync(version, cancellationToken);
        List<JsonObject> rows;
        try
        {
            using var input = await store.CheckOutAsync(job.InputKey, cancellationToken);
            using var work = store.CreateWorkFolder();
            rows = await Scoring.BatchScorer.FirstRowsAsync(bundle, input.Path, job.InputFileName, work.Path, options.Value.Monitoring.MaxPredictions, cancellationToken);
        }
        catch (Augur.Data.Ingestion.IngestException ex)
        {
            throw new PlatformValidationException("jobId", ex.Message);
        }

        var source = DriftSource.File(projectId, job.ModelName, job.InputFileName, capped: rows.Count == options.Value.Monitoring.MaxPredictions);
        // Its answers are those the scoring wrote: the same model on the same rows.
        IReadOnlyList<JsonNode?> answers = [.. bundle.PredictBatch(rows).Where(o => o.IsValid).Select(o => o.Prediction?.Prediction)];
        var report = await CompareAsync(source, version, rows, job.CreatedAt, job.CreatedAt, cancellationToken, answers);
        scoredFiles.Add(job.Id, report);
        return report;
    }

    /// <summary>The project's alerts, open ones first and newest first within each; dismissed ones only when asked.</summary>
    public async Task<IReadOnlyList<Alert>> AlertsAsync(Caller caller, Guid projectId, bool includeDismissed, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var alerts = db.Alerts.AsNoTracking().Where(a => a.ProjectId == projectId && (includeDismissed || a.DismissedAt == null));
        return await alerts.OrderBy(a => a.DismissedAt != null).ThenByDescending(a => a.RaisedAt).Take(200).ToListAsync(cancellationToken);
    }

    /// <summary>How many open alerts each project the caller can see has (projects without any are left out): the projects page's badges.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> OpenAlertCountsAsync(Caller caller, CancellationToken cancellationToken)
    {
        List<Guid> visible = [.. (await projects.ListAsync(caller, cancellationToken)).Select(p => p.Id)];
        return await db.Alerts.Where(a => a.DismissedAt == null && visible.Contains(a.ProjectId))
            .GroupBy(a => a.ProjectId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    /// <summary>Closes an alert (editors): someone has looked at it.</summary>
    public async Task<Alert> DismissAsync(Caller caller, Guid projectId, Guid alertId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.ProjectId == projectId && a.Id == alertId, cancellationToken)
            ?? throw new NotFoundException("alert", alertId);
        alert.Dismiss(caller.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "alert.dismiss", projectId, "alert", alert.Id.ToString(), alert.Message, cancellationToken);
        return alert;
    }

    /// <summary>
    /// Checks every endpoint and raises a drift alert for each version whose inputs changed a lot, and an accuracy alert
    /// for each that is much worse on the outcomes its caller sent back (<see cref="LiveAccuracyService"/>), unless one was raised
    /// for it within the window (open or dismissed: the window still holds the predictions that raised it, so a
    /// dismissed alert would otherwise come back within the hour); returns how many were raised. An endpoint whose check
    /// fails (a profile that cannot be read) is logged and passed over: the others are still checked. Run by
    /// <see cref="DriftMonitorJob"/>.
    /// </summary>
    public async Task<int> RaiseAlertsAsync(CancellationToken cancellationToken)
    {
        var raised = 0;
        var since = clock.GetUtcNow().UtcDateTime - options.Value.Monitoring.Window;
        foreach (var deployment in await db.Deployments.AsNoTracking().ToListAsync(cancellationToken))
        {
            // Each check on its own: one that fails (a profile that cannot be read, a bundle that does not load) leaves the other's alerts.
            raised += await RaiseAsync(deployment, "drift", () => DriftAlertsAsync(deployment, since, cancellationToken), cancellationToken);
            raised += await RaiseAsync(deployment, "outcomes", () => LiveAccuracyAlertsAsync(deployment, since, cancellationToken), cancellationToken);
        }

        return raised;
    }

    /// <summary>Adds one check's alerts and saves them; a failure is logged, its alerts dropped, and nothing counted.</summary>
    private async Task<int> RaiseAsync(Deployment deployment, string check, Func<Task<IReadOnlyList<Alert>>> alerts, CancellationToken cancellationToken)
    {
        try
        {
            var found = await alerts();
            db.Alerts.AddRange(found);
            await db.SaveChangesAsync(cancellationToken);
            await webhooks.QueueAsync(found, cancellationToken);
            return found.Count;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            LogCheckFailed(logger, ex, check, deployment.Name, deployment.ProjectId);
            db.ChangeTracker.Clear();
            return 0;
        }
    }

    /// <summary>A drift alert for each version whose inputs changed a lot, unless one was raised for it within the window.</summary>
    private async Task<IReadOnlyList<Alert>> DriftAlertsAsync(Deployment deployment, DateTime since, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        foreach (var report in await CheckAsync(deployment, cancellationToken, onlyWithVerdict: true))
        {
            if (!report.Enough || report.Level != DriftLevel.Changed
                || await db.Alerts.AnyAsync(a => a.DeploymentId == deployment.Id && a.Version == report.Version && a.Kind == AlertKind.Drift && a.RaisedAt >= since, cancellationToken))
            {
                continue;
            }

            var first = report.Columns.First(c => c.Level == DriftLevel.Changed);
            alerts.Add(Alert.Raise(deployment.ProjectId, deployment.Id, deployment.Name, deployment.ModelName, report.Version, AlertKind.Drift,
                $"{report.Summary} {first.Column}: {first.Sentence}", clock.GetUtcNow().UtcDateTime));
        }

        return alerts;
    }

    /// <summary>An alert for each version much worse on the outcomes the endpoint's caller sent back, unless one was raised for it within the window.</summary>
    private async Task<IReadOnlyList<Alert>> LiveAccuracyAlertsAsync(Deployment deployment, DateTime since, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        foreach (var live in await liveAccuracy.MeasureAsync(deployment, cancellationToken, onlyWithVerdict: true))
        {
            if (!live.Enough || live.Verdict != AccuracyVerdict.MuchWorse
                || await db.Alerts.AnyAsync(a => a.DeploymentId == deployment.Id && a.Version == live.Version && a.Kind == AlertKind.LiveAccuracy && a.RaisedAt >= since, cancellationToken))
            {
                continue;
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"the outcomes your app sent back ({live.Checked:N0} predictions)");
            alerts.Add(Alert.Raise(deployment.ProjectId, deployment.Id, deployment.Name, deployment.ModelName, live.Version, AlertKind.LiveAccuracy,
                AccuracyComparison.MuchWorseAlert(deployment.ModelName, live.Version, where, live.Metric!, live.Value!.Value, live.TrainedValue!.Value), clock.GetUtcNow().UtcDateTime));
        }

        return alerts;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Check} check of endpoint {Endpoint} in project {ProjectId} failed; the other checks and endpoints went on")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string check, string endpoint, Guid projectId);

    /// <param name="onlyWithVerdict">Leave out the versions with too few predictions for a verdict before reading their data (the hourly check raises nothing for them).</param>
    private async Task<IReadOnlyList<DriftReport>> CheckAsync(Deployment deployment, CancellationToken cancellationToken, bool onlyWithVerdict = false)
    {
        var settings = options.Value.Monitoring;
        var to = clock.GetUtcNow().UtcDateTime;
        var from = to - settings.Window;
        var logged = db.PredictionLogs.Where(l => l.DeploymentId == deployment.Id && !l.Shadow && l.Error == null && l.At >= from);
        var versions = await logged.GroupBy(l => l.ModelVersionId).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var reports = new List<DriftReport>();
        var source = DriftSource.Endpoint(deployment, Window(settings.Window), options.Value.Serving.LogSampleRate);
        foreach (var version in versions.Where(v => !onlyWithVerdict || v.Count >= settings.MinPredictions).OrderByDescending(v => v.Count))
        {
            var recent = await logged.Where(l => l.ModelVersionId == version.Id).OrderByDescending(l => l.At).Take(settings.MaxPredictions)
                .Select(l => new { l.Input, l.Output }).ToListAsync(cancellationToken);
            var model = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Id == version.Id, cancellationToken);
            reports.Add(await CompareAsync(source, model, Rows(recent.Select(l => l.Input)), from, to, cancellationToken, [.. recent.Select(l => Answer(l.Output))]));
        }

        return reports;
    }

    /// <param name="answers">What the version answered to each of <paramref name="rows"/>, when known (an endpoint's log keeps it).</param>
    private async Task<DriftReport> CompareAsync(DriftSource source, ModelVersion version, List<JsonObject> rows, DateTime from, DateTime to, CancellationToken cancellationToken, IReadOnlyList<JsonNode?>? answers = null)
    {
        var settings = options.Value.Monitoring;
        ColumnDrift? answered = null;
        DriftReport Report(bool enough, DriftLevel level, string summary, IReadOnlyList<ColumnDrift> columns) =>
            new(source.Name, source.Model, version.Version, from, to, rows.Count, enough, level, summary, columns, answered);

        var dataset = version.DatasetId is { } datasetId ? await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datasetId && d.ProjectId == source.ProjectId, cancellationToken) : null;
        if (dataset is null)
        {
            return Report(false, DriftLevel.Stable, $"The data v{version.Version} was trained on is no longer in Augur (or it came as a bundle from elsewhere), so there is nothing to compare its inputs with.", []);
        }

        var profile = await DatasetService.ReadProfileAsync(store, dataset, cancellationToken);
        if (answers is { Count: > 0 })
        {
            answered = DriftCheck.Answers(await TrainingAnswersAsync(version, dataset, cancellationToken), answers, amounts: version.Task == "regression");
        }

        // The columns the model learned from; without their importance, every column but the target and those the run
        // left out (identifiers and dates are passed over by the check itself). Those that changed most come first,
        // then those the model relies on most.
        var ignored = version.RunId is { } runId
            ? TrainingRun.ReadIgnored(await db.TrainingRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.IgnoredJson).SingleOrDefaultAsync(cancellationToken))
            : [];
        var learned = version.Report()?.FeatureImportance is { Count: > 0 } importance
            ? [.. importance.Select(f => (f.Column, f.Importance))]
            : profile.Columns.Where(c => c.Name != version.Target && !ignored.Contains(c.Name) && c.Flags?.Contains("likelyIdentifier") != true).Select(c => (c.Name, 0.0)).ToList();
        var columns = learned
            .Select(f => profile.Columns.FirstOrDefault(c => c.Name == f.Item1) is { } reference
                ? DriftCheck.Column(reference, profile.Rows, [.. rows.Select(r => Value(r, reference.Name))], f.Item2)
                : null)
            .OfType<ColumnDrift>()
            .OrderByDescending(c => c.Level).ThenByDescending(c => c.Importance).ThenBy(c => c.Column, StringComparer.Ordinal)
            .ToList();
        if (columns.Count == 0)
        {
            return Report(false, DriftLevel.Stable, $"None of the columns v{version.Version} learned from can be compared (dates, free text and identifiers are not).", columns);
        }

        if (rows.Count < settings.MinPredictions)
        {
            return Report(false, DriftLevel.Stable, source.TooFew(version.Version, rows.Count, settings.MinPredictions), columns);
        }

        var level = columns.Max(c => c.Level);
        var named = string.Join(", ", columns.Where(c => c.Level == level).Select(c => c.Column));
        return Report(true, level, source.Verdict(version.Version, rows.Count, level, named), columns);
    }

    /// <summary>
    /// What the version answered on the first rows of its training data (as many as a check reads of recent
    /// predictions), scored once per version on this node: the answers to compare its recent ones with.
    /// </summary>
    private async Task<IReadOnlyList<JsonNode?>> TrainingAnswersAsync(ModelVersion version, Dataset dataset, CancellationToken cancellationToken)
    {
        if (trainingAnswers.TryGet(version.Id) is { } known)
        {
            return known;
        }

        var bundle = await cache.GetAsync(version, cancellationToken);
        var rows = await DatasetService.FirstRowsAsync(store, dataset, options.Value.Monitoring.MaxPredictions, cancellationToken);
        IReadOnlyList<JsonNode?> answers = [.. bundle.PredictBatch(rows).Where(o => o.IsValid).Select(o => o.Prediction?.Prediction)];
        trainingAnswers.Add(version.Id, answers);
        return answers;
    }

    /// <summary>The answer in a logged output ({"prediction": …, "probabilities": …}); null when there is none.</summary>
    private static JsonNode? Answer(string? output)
    {
        try
        {
            return output is null ? null : (JsonNode.Parse(output) as JsonObject)?["prediction"];
        }
        catch (JsonException)
        {
            return null; // cut at the log's size limit
        }
    }

    /// <summary>A window in words: "7 days", "1 day", "12 hours".</summary>
    public static string Window(TimeSpan window) => window.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalDays:0.#} {(window.TotalDays == 1 ? "day" : "days")}")
        : string.Create(CultureInfo.InvariantCulture, $"{window.TotalHours:0.#} {(window.TotalHours == 1 ? "hour" : "hours")}");

    /// <summary>The logged inputs that are whole JSON objects (an input cut at its size limit is not, and is passed over).</summary>
    private static List<JsonObject> Rows(IEnumerable<string> inputs)
    {
        var rows = new List<JsonObject>();
        foreach (var input in inputs)
        {
            try
            {
                if (JsonNode.Parse(input) is JsonObject row)
                {
                    rows.Add(row);
                }
            }
            catch (JsonException)
            {
            }
        }

        return rows;
    }

    /// <summary>A field of a row by the column's name, in any case, as the model reads it.</summary>
    private static JsonNode? Value(JsonObject row, string column) =>
        row.TryGetPropertyValue(column, out var value) ? value
        : row.FirstOrDefault(p => string.Equals(p.Key, column, StringComparison.OrdinalIgnoreCase)).Value;
}
