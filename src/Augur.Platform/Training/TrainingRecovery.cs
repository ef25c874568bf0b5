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
            .Select(r => new { r.Id, r.Parallelism })
            .ToListAsync(cancellationToken);
        foreach (var run in unfinished.Where(r => r.Parallelism <= 1))
        {
            if (!await scheduler.Exists(TrainModelJob.KeyFor(run.Id), cancellationToken))
            {
                logger.LogInformation("Queuing interrupted training run {RunId} again", run.Id);
                await training.ScheduleAsync(run.Id, cancellationToken);
            }
        }

        // A study needs at least one live worker job; any that is missing is scheduled again.
        foreach (var run in unfinished.Where(r => r.Parallelism > 1))
        {
            for (var slot = 1; slot <= run.Parallelism; slot++)
            {
                if (!await scheduler.Exists(StudyWorkerJob.KeyFor(run.Id, slot), cancellationToken))
                {
                    logger.LogInformation("Queuing study worker {Slot} of interrupted run {RunId} again", slot, run.Id);
                    await TrainingService.ScheduleStudyWorkerAsync(scheduler, run.Id, slot, QueuePriority.Default, cancellationToken);
                }
            }
        }
    }
}
