using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Augur.Platform.Training;

/// <summary>
/// Fair sharing at the door: a queued run starts only while its user and its project have fewer runs training than
/// their caps, whether it trains on one worker (<see cref="TrainModelJob"/>) or on several (<see cref="StudyWorkerJob"/>).
/// Checking the caps and marking the run as running is one step, so two workers picking up runs at the same instant
/// cannot both pass: a lock in this process, and on PostgreSQL an advisory lock that every node of the cluster takes
/// (SQLite runs in one process, where the first lock is enough).
/// </summary>
public sealed class RunStartGate(AugurDbContext db, IOptions<AugurOptions> options, TimeProvider clock, ILogger<RunStartGate> logger)
{
    /// <summary>How long a run that may not start yet waits before it asks again.</summary>
    public static readonly TimeSpan DeferDelay = TimeSpan.FromSeconds(3);

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Starts the run (counting an attempt) when the caps allow it.</summary>
    /// <returns>False when it must wait; the run stays queued.</returns>
    public Task<bool> TryStartAsync(TrainingRun run, CancellationToken cancellationToken) =>
        InGateAsync(run, alreadyStarted: false, cancellationToken);

    /// <summary>
    /// For one of a study's workers: starts the run if it is still queued and the caps allow it. A run that another of
    /// its workers has started already counts once against the caps, and this worker joins it.
    /// </summary>
    /// <returns>False when the study must wait, or has finished.</returns>
    public async Task<bool> TryJoinAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        return !run.IsFinished && (run.Status == RunStatus.Running || await InGateAsync(run, alreadyStarted: true, cancellationToken));
    }

    /// <summary>
    /// Whether another user's run has been waiting for a worker for a while although its caps would let it start: then a
    /// study worker gives its worker back between two trials (and asks again later), so that one user's long study
    /// cannot keep every worker busy while someone else's small run waits for hours.
    /// </summary>
    public async Task<bool> OthersWaitingAsync(Guid user, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime - (DeferDelay * 2);
        var waiting = await db.TrainingRuns.AsNoTracking()
            .Where(r => r.Status == RunStatus.Queued && r.CreatedBy != user && r.CreatedAt < since)
            .Select(r => new { r.CreatedBy, r.ProjectId })
            .Distinct()
            .Take(20)
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return false; // The usual case between two trials: one query.
        }

        var running = await db.TrainingRuns.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running)
            .Select(r => new { r.CreatedBy, r.ProjectId })
            .ToListAsync(cancellationToken);
        return waiting.Any(w =>
            running.Count(r => r.CreatedBy == w.CreatedBy) < options.Value.MaxConcurrentRunsPerUser
            && running.Count(r => r.ProjectId == w.ProjectId) < options.Value.MaxConcurrentRunsPerProject);
    }

    /// <summary>Fires the job again in a few seconds (with jitter, so that many waiting runs do not fire in step).</summary>
    public async Task DeferAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var delay = DeferDelay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 2_000));
        var retry = TriggerBuilder.Create()
            .ForJob(context.JobDetail.Key)
            .UsingJobData(context.Trigger.JobDataMap)
            .StartAt(clock.GetUtcNow() + delay)
            .WithPriority(context.Trigger.Priority)
            .Build();
        await context.Scheduler.ScheduleTrigger(retry, TriggerConflict.Throw, cancellationToken);
    }

    private async Task<bool> InGateAsync(TrainingRun run, bool alreadyStarted, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7345001)", cancellationToken);
            }

            if (alreadyStarted)
            {
                // Another worker of the same study may have started it while this one waited for the lock.
                await db.Entry(run).ReloadAsync(cancellationToken);
                if (run.Status != RunStatus.Queued)
                {
                    return !run.IsFinished;
                }
            }

            if (await OverCapAsync(run, cancellationToken) is { } why)
            {
                logger.LogInformation("Training run {RunId} waits: {Why}", run.Id, why);
                return false;
            }

            run.Start(clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Why the run may not start now (its user or project already has as many runs going as allowed), or null.</summary>
    private async Task<string?> OverCapAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        var running = db.TrainingRuns.Where(r => r.Status == RunStatus.Running && r.Id != run.Id);
        if (await running.CountAsync(r => r.CreatedBy == run.CreatedBy, cancellationToken) >= options.Value.MaxConcurrentRunsPerUser)
        {
            return $"its user already has {options.Value.MaxConcurrentRunsPerUser} runs training";
        }

        return await running.CountAsync(r => r.ProjectId == run.ProjectId, cancellationToken) >= options.Value.MaxConcurrentRunsPerProject
            ? $"its project already has {options.Value.MaxConcurrentRunsPerProject} runs training"
            : null;
    }
}
