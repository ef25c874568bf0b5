using Quartz;

namespace Augur.Platform.Recommendations;

/// <summary>
/// The nightly batch as a Quartz job (cron from <see cref="RecommendationsOptions.BatchCron"/>), also fired once
/// for one project right after it trains a new version. At least once is fine: a repeat writes fresh lists.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RecommendationBatchJob(RecommendationBatch batch) : IJob
{
    public const string ProjectIdKey = "projectId";

    public static readonly JobKey NightlyKey = new("recommendations-nightly", "recommendations");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        Guid? projectId = context.MergedJobDataMap.TryGetString(ProjectIdKey, out var text) && Guid.TryParse(text, out var id) ? id : null;
        await batch.RunAsync(projectId, cancellationToken);
    }

    /// <summary>Queues the batch for one project now, as its own one-off job.</summary>
    public static async Task TriggerAsync(ISchedulerFactory schedulers, Guid projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<RecommendationBatchJob>()
            .WithIdentity($"recommendations-batch-{projectId:N}-{Guid.NewGuid():N}", "recommendations")
            .UsingJobData(ProjectIdKey, projectId.ToString())
            .RequestRecovery()
            .Build();
        await scheduler.ScheduleJob(job, TriggerBuilder.Create().ForJob(job).StartNow().Build(), new ScheduleJobOptions(), cancellationToken);
    }
}
