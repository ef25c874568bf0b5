using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Training;

/// <summary>
/// At start-up, queues again every unfinished run that has no Quartz job. Quartz itself re-fires jobs interrupted by
/// a crash or a shutdown (they request recovery); this covers the gap Quartz cannot see: a crash after the run was
/// stored but before its job was scheduled.
/// </summary>
public sealed class TrainingRecovery(AugurDbContext db, TrainingService training, ISchedulerFactory schedulers, ILogger<TrainingRecovery> logger)
{
    public async Task RequeueOrphansAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var unfinished = await db.TrainingRuns
            .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        foreach (var runId in unfinished)
        {
            if (!await scheduler.Exists(TrainModelJob.KeyFor(runId), cancellationToken))
            {
                logger.LogInformation("Queuing interrupted training run {RunId} again", runId);
                await training.ScheduleAsync(runId, cancellationToken);
            }
        }
    }
}
