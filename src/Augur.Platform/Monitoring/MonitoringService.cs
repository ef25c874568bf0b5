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
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Watches live models: compares the inputs an endpoint's versions were asked about lately (its logged predictions)
/// with the data each version was trained on (<see cref="DriftCheck"/>), and keeps the alerts the hourly check raises.
/// </summary>
public sealed class MonitoringService(AugurDbContext db, ProjectService projects, IArtifactStore store, AuditLog audit, TimeProvider clock, IOptions<AugurOptions> options)
{
    /// <summary>The drift of each version that answered the endpoint within the window, the busiest version first.</summary>
    public async Task<IReadOnlyList<DriftReport>> DriftAsync(Caller caller, Guid projectId, string endpoint, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Name == endpoint, cancellationToken)
            ?? throw new NotFoundException("endpoint", endpoint);
        return await CheckAsync(deployment, cancellationToken);
    }

    /// <summary>The project's alerts, open ones first and newest first within each; dismissed ones only when asked.</summary>
    public async Task<IReadOnlyList<Alert>> AlertsAsync(Caller caller, Guid projectId, bool includeDismissed, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var alerts = db.Alerts.AsNoTracking().Where(a => a.ProjectId == projectId && (includeDismissed || a.DismissedAt == null));
        return await alerts.OrderBy(a => a.DismissedAt != null).ThenByDescending(a => a.RaisedAt).Take(200).ToListAsync(cancellationToken);
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
    /// Checks every endpoint and raises a drift alert for each version whose inputs changed a lot, unless one is open
    /// for it already; returns how many were raised. Run by <see cref="DriftMonitorJob"/>.
    /// </summary>
    public async Task<int> RaiseAlertsAsync(CancellationToken cancellationToken)
    {
        var raised = 0;
        foreach (var deployment in await db.Deployments.AsNoTracking().ToListAsync(cancellationToken))
        {
            foreach (var report in await CheckAsync(deployment, cancellationToken))
            {
                if (!report.Enough || report.Level != DriftLevel.Changed
                    || await db.Alerts.AnyAsync(a => a.DeploymentId == deployment.Id && a.Version == report.Version && a.Kind == AlertKind.Drift && a.DismissedAt == null, cancellationToken))
                {
                    continue;
                }

                var first = report.Columns.First(c => c.Level == DriftLevel.Changed);
                db.Alerts.Add(Alert.Raise(deployment.ProjectId, deployment.Id, deployment.Name, report.Version, AlertKind.Drift,
                    $"{report.Summary} {first.Column}: {first.Sentence}", clock.GetUtcNow().UtcDateTime));
                raised++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return raised;
    }

    private async Task<IReadOnlyList<DriftReport>> CheckAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var settings = options.Value.Monitoring;
        var to = clock.GetUtcNow().UtcDateTime;
        var from = to - settings.Window;
        var logged = db.PredictionLogs.Where(l => l.DeploymentId == deployment.Id && !l.Shadow && l.Error == null && l.At >= from);
        var versions = await logged.GroupBy(l => l.ModelVersionId).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var reports = new List<DriftReport>();
        foreach (var version in versions.OrderByDescending(v => v.Count))
        {
            var inputs = await logged.Where(l => l.ModelVersionId == version.Id).OrderByDescending(l => l.At).Take(settings.MaxPredictions)
                .Select(l => l.Input).ToListAsync(cancellationToken);
            var model = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Id == version.Id, cancellationToken);
            reports.Add(await CompareAsync(deployment, model, Rows(inputs), from, to, cancellationToken));
        }

        return reports;
    }

    private async Task<DriftReport> CompareAsync(Deployment deployment, ModelVersion version, List<JsonObject> rows, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var settings = options.Value.Monitoring;
        DriftReport Report(bool enough, DriftLevel level, string summary, IReadOnlyList<ColumnDrift> columns) =>
            new(deployment.Name, deployment.ModelName, version.Version, from, to, rows.Count, enough, level, summary, columns);

        var dataset = version.DatasetId is { } datasetId ? await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken) : null;
        if (dataset is null)
        {
            return Report(false, DriftLevel.Stable, $"The data v{version.Version} was trained on is no longer in Augur (or it came as a bundle from elsewhere), so there is nothing to compare its inputs with.", []);
        }

        var profile = await DatasetService.ReadProfileAsync(store, dataset, cancellationToken);
        // The columns the model learned from (without a report, every column but the target); those that changed most
        // first, then those it relies on most.
        var learned = version.Report()?.FeatureImportance.Select(f => (f.Column, f.Importance)).ToList()
            ?? [.. profile.Columns.Where(c => c.Name != version.Target).Select(c => (c.Name, 0.0))];
        var columns = learned
            .Select(f => profile.Columns.FirstOrDefault(c => c.Name == f.Item1) is { } reference
                ? DriftCheck.Column(reference, profile.Rows, [.. rows.Select(r => Value(r, reference.Name))], f.Item2)
                : null)
            .OfType<ColumnDrift>()
            .OrderByDescending(c => c.Level).ThenByDescending(c => c.Importance).ThenBy(c => c.Column, StringComparer.Ordinal)
            .ToList();
        var days = Math.Round(settings.Window.TotalDays, 1);
        if (rows.Count < settings.MinPredictions)
        {
            return Report(false, DriftLevel.Stable,
                $"Only {rows.Count} predictions of v{version.Version} were logged in the last {days} days; Augur needs {settings.MinPredictions} to tell a real change from chance.", columns);
        }

        var level = columns.Count == 0 ? DriftLevel.Stable : columns.Max(c => c.Level);
        var named = string.Join(", ", columns.Where(c => c.Level == level).Select(c => c.Column));
        return Report(true, level, level switch
        {
            DriftLevel.Changed => $"The inputs of v{version.Version} changed a lot since it was trained: {named}. It may be less accurate now; retrain it on recent data.",
            DriftLevel.Shifting => $"Some inputs of v{version.Version} are moving away from its training data: {named}. Keep an eye on its results.",
            _ => $"The {rows.Count} predictions of v{version.Version} in the last {days} days look like its training data.",
        }, columns);
    }

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
