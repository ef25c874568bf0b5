using System.Diagnostics;
using System.Text.Json;
using Augur.Platform.Serving;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Deployments;

/// <summary>
/// Scores shadow requests in the background and logs the answers (never returned to anyone). A shadow version that
/// fails is logged as such and counted against that shadow, not against the endpoint's answering targets.
/// </summary>
public sealed partial class ShadowWorker(ShadowQueue queue, ModelCache cache, PredictionLogQueue log, ServingStats stats, TimeProvider clock, ILogger<ShadowWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await ScoreAsync(request, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: queued shadow work is dropped.
        }
    }

    private async Task ScoreAsync(ShadowRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var label = "shadow " + request.Version.Version;
        try
        {
            var bundle = await cache.GetAsync(request.Version, cancellationToken);
            var outcomes = bundle.PredictEach(request.Rows);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            stats.For(request.DeploymentId, $"shadow v{request.Version.Version}").Record(clock.GetUtcNow(), latency, failed: false, outcomes.Count(o => !o.IsValid));
            for (var i = 0; i < request.Rows.Count; i++)
            {
                log.Offer(PredictionLog.Create(request.DeploymentId, request.Version.Id, request.Version.Version, shadow: true, clock.GetUtcNow().UtcDateTime, latency,
                    request.Rows[i].ToJsonString(), JsonSerializer.Serialize(outcomes[i].Prediction, JsonSerializerOptions.Web),
                    outcomes[i].IsValid ? null : string.Join("; ", outcomes[i].Errors.Select(e => $"{e.Field}: {e.Message}"))));
            }
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            stats.For(request.DeploymentId, $"shadow v{request.Version.Version}").Record(clock.GetUtcNow(), 0, failed: true, 0);
            LogShadowFailed(logger, label, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shadow scoring with {Version} failed")]
    private static partial void LogShadowFailed(ILogger logger, string version, Exception exception);
}
