using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Scoring;

/// <summary>
/// At start-up, queues again every unfinished scoring job that has no Quartz job: the gap Quartz cannot see is a
/// crash after the job's row was stored but before its Quartz job was scheduled.
/// </summary>
public sealed class ScoringRecovery(AugurDbContext db, ScoringService scoring, ISchedulerFactory schedulers, ILogger<ScoringRecovery> logger)
{
    public async Task RequeueOrphansAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var unfinished = await db.ScoringJobs
            .Where(j => j.Status == ScoringStatus.Queued || j.Status == ScoringStatus.Running)
            .Select(j => j.Id)
            .ToListAsync(cancellationToken);
        foreach (var jobId in unfinished)
        {
            if (!await scheduler.Exists(ScoreFileJob.KeyFor(jobId), cancellationToken))
            {
                logger.LogInformation("Queuing interrupted scoring job {ScoringJobId} again", jobId);
                await scoring.ScheduleAsync(jobId, cancellationToken);
            }
        }
    }
}
