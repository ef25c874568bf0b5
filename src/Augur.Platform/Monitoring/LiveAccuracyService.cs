using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Deployments;
using Augur.Platform.Models;
using Augur.Platform.Projects;
using Augur.Platform.Serving;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Outcomes sent back: an endpoint's caller says later what really happened to a prediction it got (the customer
/// churned, or did not), by the <c>predictionId</c> that came with the answer. Each version is then measured on its own
/// logged predictions against those outcomes, as a check on uploaded data is (<see cref="KnownOutcomes"/>), and
/// compared with how it did in training.
/// </summary>
/// <remarks>
/// Only predictions the log kept have an id (<c>Augur:Serving:LogSampleRate</c> of requests, 10 % by default): a random
/// sample, which is what an estimate needs. Outcomes for others, or for predictions older than the log's retention,
/// are answered as unknown.
/// </remarks>
public sealed class LiveAccuracyService(AugurDbContext db, ProjectService projects, ModelCache cache, TimeProvider clock, IOptions<AugurOptions> options)
{
    public const int MaxOutcomesPerRequest = 1_000;

    /// <summary>Keeps the outcomes of an endpoint's predictions (a person who may edit the project, or an endpoint key for it, as predicting needs).</summary>
    public async Task<OutcomesKept> RecordAsync(Caller? person, EndpointKeyIdentity? key, Guid projectId, string endpoint, IReadOnlyList<SentOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        await EndpointCallers.RequireAsync(projects, person, key, projectId, endpoint, cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Name == endpoint, cancellationToken)
            ?? throw new NotFoundException("endpoint", endpoint);
        EndpointCallers.RequireKeyFits(key, deployment.Id, endpoint, "send outcomes to");

        if (outcomes.Count is 0 or > MaxOutcomesPerRequest)
        {
            throw new PlatformValidationException("outcomes", $"Send between 1 and {MaxOutcomesPerRequest} outcomes per request, each {{\"predictionId\": …, \"outcome\": …}}.");
        }

        var texts = new Dictionary<Guid, string>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (id, outcome) = (outcomes[i].PredictionId, outcomes[i].Outcome);
            if (id == Guid.Empty)
            {
                throw new PlatformValidationException("outcomes", $"Outcome {i}: 'predictionId' is missing: send the id that came with the prediction.");
            }

            // The last one sent for a prediction wins, as a later request would.
            texts[id] = Text(outcome) ?? throw new PlatformValidationException("outcomes", $"Outcome {i} (prediction {id}): 'outcome' is missing, empty or not a single value: send what really happened, e.g. \"Yes\", true or 42.5.");
        }

        // Only the keys are read (a logged row holds the input and answer too), then one update per distinct outcome:
        // a yes/no model's thousand outcomes are two statements.
        var ids = texts.Keys.Select(id => (Guid?)id).ToList();
        var found = await db.PredictionLogs.Where(l => l.DeploymentId == deployment.Id && ids.Contains(l.PredictionId))
            .Select(l => new { l.Id, l.PredictionId }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var same in found.GroupBy(l => PredictionLog.CutOutcome(texts[l.PredictionId!.Value]), StringComparer.Ordinal))
        {
            var rows = same.Select(l => l.Id).ToList();
            await db.PredictionLogs.Where(l => rows.Contains(l.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Outcome, same.Key).SetProperty(l => l.OutcomeAt, now), cancellationToken);
        }

        var kept = found.Select(l => l.PredictionId!.Value).ToHashSet();
        return new OutcomesKept(kept.Count, [.. texts.Keys.Where(id => !kept.Contains(id))]);
    }

    /// <summary>How right each version of the endpoint was on the outcomes sent back within the window (viewers), the one with most first.</summary>
    public async Task<IReadOnlyList<LiveAccuracy>> AccuracyAsync(Caller caller, Guid projectId, string endpoint, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var deployment = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Name == endpoint, cancellationToken)
            ?? throw new NotFoundException("endpoint", endpoint);
        return await MeasureAsync(deployment, cancellationToken);
    }

    /// <param name="onlyWithVerdict">Leave out the versions with too few outcomes for a verdict before scoring anything (the hourly check).</param>
    internal async Task<IReadOnlyList<LiveAccuracy>> MeasureAsync(Deployment deployment, CancellationToken cancellationToken, bool onlyWithVerdict = false)
    {
        var settings = options.Value.Monitoring;
        var from = clock.GetUtcNow().UtcDateTime - settings.Window;
        // By when the outcome came, not when the prediction was made: a churn is known weeks after it was predicted.
        var known = db.PredictionLogs.Where(l => l.DeploymentId == deployment.Id && l.OutcomeAt >= from && !l.Shadow && l.Error == null);
        var versions = await known.GroupBy(l => l.ModelVersionId).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var measured = new List<LiveAccuracy>();
        foreach (var counted in versions.Where(v => !onlyWithVerdict || v.Count >= settings.MinOutcomes).OrderByDescending(v => v.Count))
        {
            var logged = await known.Where(l => l.ModelVersionId == counted.Id).OrderByDescending(l => l.OutcomeAt).Take(settings.MaxPredictions)
                .Select(l => new { l.Input, l.Outcome }).ToListAsync(cancellationToken);
            var version = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Id == counted.Id, cancellationToken);
            var bundle = await cache.GetAsync(version, cancellationToken);
            // Each logged input with its outcome in the target column: the rows a check on uploaded data reads.
            var rows = logged.Select(l => Row(l.Input, bundle.Info.Target, l.Outcome!)).OfType<JsonObject>().ToList();
            var costs = version.RunId is { } runId
                ? (await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken))?.Costs()
                : null;
            var found = KnownOutcomes.Evaluate(bundle, rows, costs);
            measured.Add(Judge(version, bundle.Info, logged.Count, found, settings.MinOutcomes));
        }

        return measured;
    }

    private static LiveAccuracy Judge(ModelVersion version, BundleInfo info, int outcomes, OutcomeCheck found, int minimum)
    {
        var enough = found.Rows >= minimum;
        var metric = found.Rows == 0 ? null : AccuracyComparison.MeasureFor(version.Metric, info.Task, found.Metrics, info.Metrics);
        if (metric is null)
        {
            return new LiveAccuracy(version.Version, outcomes, found.Rows, false, null, null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"None of the {outcomes:N0} outcomes sent back for v{version.Version} could be compared with how it did in training (outcomes it never saw in training, or of one kind only)."));
        }

        var (now, then) = (found.Metrics[metric], info.Metrics[metric]);
        var verdict = AccuracyComparison.Judge(metric, now, then);
        var measure = Augur.Learning.Training.TrainingGoal.MeasureName(metric);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"On the {found.Rows:N0} predictions whose outcome your app sent back, v{version.Version} scores {measure} {now:0.###}; it scored {then:0.###} on the rows held back in training.");
        return new LiveAccuracy(version.Version, outcomes, found.Rows, enough, metric, now, then, verdict, enough
            ? $"{figures} {AccuracyComparison.Advice(verdict)}"
            : string.Create(CultureInfo.InvariantCulture, $"{figures} Too few to tell yet: a verdict needs {minimum:N0} outcomes."));
    }

    /// <summary>A logged input with the outcome in the target column; null for an input cut at the log's size limit.</summary>
    private static JsonObject? Row(string input, string target, string outcome)
    {
        try
        {
            if (JsonNode.Parse(input) is not JsonObject row)
            {
                return null;
            }

            row[target] = outcome;
            return row;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An outcome as the log keeps it: text as sent, a number or yes/no in its JSON spelling; null when there is none.</summary>
    private static string? Text(JsonNode? outcome) => outcome switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } text ? text : null,
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };
}
