using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Augur.Platform.Deployments;

/// <summary>
/// Deletes logged predictions older than <see cref="ServingOptions.PredictionLogRetentionDays"/>, once a day (cron
/// <see cref="Cron"/>), so the table does not grow forever. At least once is fine: a repeat deletes nothing more.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class PredictionLogRetentionJob(AugurDbContext db, TimeProvider time, IOptions<AugurOptions> options, ILogger<PredictionLogRetentionJob> logger) : IJob
{
    /// <summary>Every day at 03:15 (server time), when traffic is usually low.</summary>
    public const string Cron = "0 15 3 * * ?";

    public static readonly JobKey Key = new("prediction-log-retention", "serving");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var days = options.Value.Serving.PredictionLogRetentionDays;
        var deleted = await DeleteOlderThanAsync(db, time.GetUtcNow().UtcDateTime.AddDays(-days), cancellationToken);
        LogDeleted(logger, deleted, days);
    }

    /// <summary>
    /// Deletes one deployment at a time, so each delete uses the (deployment, time) index and holds its locks briefly
    /// while endpoints keep logging.
    /// </summary>
    public static async Task<int> DeleteOlderThanAsync(AugurDbContext db, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var deployments = await db.Deployments.Select(d => d.Id).ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var deployment in deployments)
        {
            deleted += await db.PredictionLogs.Where(l => l.DeploymentId == deployment && l.At < cutoffUtc).ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Deleted} logged predictions older than {Days} days")]
    private static partial void LogDeleted(ILogger logger, int deleted, int days);
}
