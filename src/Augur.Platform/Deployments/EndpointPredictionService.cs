using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Platform.Projects;
using Augur.Platform.Serving;

namespace Augur.Platform.Deployments;

/// <summary>
/// The endpoint hot path: authorise (a person who may edit the project, or an endpoint key for it), pick a target
/// from the cached route, score each row on its own, then count, sample into the log and hand shadows to the
/// background, none of which can fail or slow the answer.
/// </summary>
public sealed class EndpointPredictionService(
    ProjectService projects,
    EndpointRoutes routes,
    ModelCache cache,
    ServingStats stats,
    AutoRollback rollback,
    PredictionLogQueue log,
    ShadowQueue shadows,
    TimeProvider clock)
{
    public const int MaxRowsPerRequest = 10_000;

    /// <param name="person">The signed-in user (or personal key), or null when <paramref name="key"/> is given.</param>
    /// <param name="requestKey">Sticky routing key: the same key always meets the same version while the split is unchanged.</param>
    public Task<EndpointAnswer> PredictAsync(Caller? person, EndpointKeyIdentity? key, Guid projectId, string name, IReadOnlyList<JsonObject> rows, string? requestKey, CancellationToken cancellationToken) =>
        PredictAsync(person, key, projectId, name, rows, requestKey, reasons: 0, cancellationToken);

    /// <param name="reasons">Reason codes per row (0: none, the hot path); a model that cannot give them says so in the warnings.</param>
    public async Task<EndpointAnswer> PredictAsync(Caller? person, EndpointKeyIdentity? key, Guid projectId, string name, IReadOnlyList<JsonObject> rows, string? requestKey, int reasons, CancellationToken cancellationToken)
    {
        await EndpointCallers.RequireAsync(projects, person, key, projectId, name, cancellationToken);

        if (rows.Count == 0)
        {
            throw new PlatformValidationException("rows", "Send at least one row to predict.");
        }

        if (rows.Count > MaxRowsPerRequest)
        {
            throw new PlatformValidationException("rows", $"Send at most {MaxRowsPerRequest} rows per request; use batch scoring for more.");
        }

        var route = await routes.GetAsync(projectId, name, cancellationToken);
        EndpointCallers.RequireKeyFits(key, route.DeploymentId, name, "call");

        var target = route.Pick(requestKey);
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<RowOutcome> outcomes;
        ModelBundle bundle;
        try
        {
            bundle = await cache.GetAsync(target.Resolved, cancellationToken);
            outcomes = bundle.PredictEach(rows, reasons);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException or InvalidInputException))
        {
            var now = clock.GetUtcNow();
            stats.For(route.DeploymentId, target.Version).Record(now, Stopwatch.GetElapsedTime(started).TotalMilliseconds, failed: true, 0);
            rollback.Check(route, target, now);
            if (log.Sample())
            {
                log.Offer(PredictionLog.Create(route.DeploymentId, target.Resolved.Id, target.Resolved.Version, false, now.UtcDateTime, 0, rows[0].ToJsonString(), null, ex.Message));
            }

            throw new EndpointUnavailableException($"Version v{target.Resolved.Version} of '{route.ModelName}' ({target.Version}) could not answer; the error was logged. Try again shortly.", ex);
        }

        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var at = clock.GetUtcNow();
        stats.For(route.DeploymentId, target.Version).Record(at, latency, failed: false, outcomes.Count(o => !o.IsValid));
        Guid?[]? ids = null;
        if (log.Sample())
        {
            // Each answered row kept in the log gets an id for the caller to send its outcome back with (time-ordered, so
            // the index stays compact).
            ids = new Guid?[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                ids[i] = outcomes[i].IsValid ? Guid.CreateVersion7(at) : null;
                log.Offer(PredictionLog.Create(route.DeploymentId, target.Resolved.Id, target.Resolved.Version, false, at.UtcDateTime, latency, rows[i].ToJsonString(),
                    outcomes[i].Prediction is { } p ? JsonSerializer.Serialize(p, JsonSerializerOptions.Web) : null,
                    outcomes[i].IsValid ? null : string.Join("; ", outcomes[i].Errors.Select(e => $"{e.Field}: {e.Message}")), ids[i]));
            }
        }

        foreach (var shadow in route.Shadows)
        {
            shadows.Offer(new ShadowRequest(route.DeploymentId, shadow, rows));
        }

        var unknown = rows.Count == 1 ? bundle.UnknownFields(rows[0]) : rows.SelectMany(bundle.UnknownFields).Distinct().Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<string> warnings =
        [
            .. unknown.Count == 0 ? [] : new[] { $"Ignored fields the model does not use: {string.Join(", ", unknown)}." },
            .. reasons > 0 && bundle.ExplanationNote is { } note ? [note] : Array.Empty<string>(),
        ];
        return new EndpointAnswer(route.Name, route.ModelName, target.Resolved.Version, target.Version, outcomes, warnings, ids);
    }
}
