using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Posts one alert to its project's webhook (<see cref="AlertWebhooks"/>), on whichever node picks it up; a webhook that
/// does not take it is tried again after one and five minutes, and the alert then says why it was not sent. One try of
/// an alert runs at a time (the job's identity is the alert and the try): the hourly check may queue a post again while
/// a late one is still posting, and the second then finds it sent instead of posting it twice.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class NotifyAlertJob(AugurDbContext db, AlertWebhooks webhooks, TimeProvider clock, ILogger<NotifyAlertJob> logger) : IJob
{
    public const string AlertIdKey = "alertId";
    public const string AttemptKey = "attempt";
    private static readonly TimeSpan[] Waits = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    public static async Task ScheduleAsync(IScheduler scheduler, Guid alertId, int attempt, TimeSpan after, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<NotifyAlertJob>()
            .WithIdentity($"notify-{alertId:N}-{attempt}", "monitoring")
            .UsingJobData(AlertIdKey, alertId.ToString())
            .UsingJobData(AttemptKey, attempt)
            .RequestRecovery()
            .Build();
        // Ahead of queued training when both are due: an alert is worth little late.
        var trigger = TriggerBuilder.Create().ForJob(job).StartAt(DateTimeOffset.UtcNow + after).WithPriority(100).Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var alertId = Guid.Parse(context.MergedJobDataMap.GetString(AlertIdKey)!);
        var attempt = context.MergedJobDataMap.GetInt(AttemptKey);
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken);
        var project = alert is null ? null : await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == alert.ProjectId, cancellationToken);
        if (alert is null || alert.NotifiedAt is not null || project?.AlertWebhookProtected is null)
        {
            return; // dismissed with its endpoint, sent already, or the webhook was taken away since
        }

        var failed = await webhooks.PostAsync(project, alert, cancellationToken);
        if (failed is not { } why)
        {
            alert.Notified(clock.GetUtcNow().UtcDateTime);
        }
        else
        {
            alert.NotificationFailed(why.Error);
            LogNotSent(logger, alert.Id, attempt, why.Error);
            if (why.Retry && attempt <= Waits.Length)
            {
                // Spread out, so that the alerts of one check do not all come back at the same second.
                await ScheduleAsync(context.Scheduler, alert.Id, attempt + 1, Waits[attempt - 1] + TimeSpan.FromSeconds(Random.Shared.Next(0, 30)), cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} was not posted to its project's webhook (try {Attempt}): {Error}")]
    private static partial void LogNotSent(ILogger logger, Guid alertId, int attempt, string error);
}
