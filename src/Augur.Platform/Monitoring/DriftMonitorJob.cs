using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Monitoring;

/// <summary>
/// The hourly drift check (<see cref="MonitoringOptions.Cron"/>): compares every endpoint's recent inputs with its
/// versions' training data and raises an alert for each that changed a lot. At least once is fine: an open alert for
/// the same endpoint and version is not raised again. It also queues the webhook posts of alerts that were stored and
/// never queued (<see cref="AlertWebhooks.QueueUnsentAsync"/>).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class DriftMonitorJob(MonitoringService monitoring, AlertWebhooks webhooks, ILogger<DriftMonitorJob> logger) : IJob
{
    public static readonly JobKey Key = new("drift-monitor", "monitoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var raised = await monitoring.RaiseAlertsAsync(cancellationToken);
        LogChecked(logger, raised);
        var unsent = await webhooks.QueueUnsentAsync(cancellationToken);
        if (unsent > 0)
        {
            LogUnsent(logger, unsent);
        }
    }

    /// <summary>Registers the job with a cron trigger, stored with the other jobs so that one node of a cluster runs it.</summary>
    public static void Schedule(IQuartzBuilder quartz, string cron)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        quartz.AddJob<DriftMonitorJob>(j => j.WithIdentity(Key).StoreDurably());
        quartz.AddTrigger(t => t
            .ForJob(Key)
            .WithIdentity("drift-monitor-hourly", "monitoring")
            .WithCronSchedule(cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drift check done: {Raised} new alerts")]
    private static partial void LogChecked(ILogger logger, int raised);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} alerts were stored but their webhook posts never queued; queued now")]
    private static partial void LogUnsent(ILogger logger, int count);
}
