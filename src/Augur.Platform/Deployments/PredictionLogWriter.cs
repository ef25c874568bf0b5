using Augur.Platform.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Deployments;

/// <summary>
/// Drains <see cref="PredictionLogQueue"/> into the PredictionLogs table in batches. A failed write is logged and its
/// batch counted as lost; the writer carries on (like a broken log sink, it must never take serving down with it).
/// </summary>
public sealed partial class PredictionLogWriter(PredictionLogQueue queue, IServiceScopeFactory scopes, ServingStats stats, ILogger<PredictionLogWriter> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PredictionLog>(BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is lost, as a sampled log allows.
        }
    }

    private async Task WriteAsync(List<PredictionLog> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AugurDbContext>();
            db.PredictionLogs.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            stats.CountLogged(batch.Count);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            stats.CountLogFailed(batch.Count);
            LogWriteFailed(logger, batch.Count, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} prediction log rows; they are dropped")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
