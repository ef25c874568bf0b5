using Quartz;

namespace Augur.Platform.Deployments;

/// <summary>Registers the daily prediction-log clean-up: a durable job with a cron trigger, stored with the other jobs so one node of a cluster runs it.</summary>
public static class PredictionLogRetentionSetup
{
    public static void AddPredictionLogRetention(this IQuartzBuilder quartz)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        quartz.AddJob<PredictionLogRetentionJob>(j => j.WithIdentity(PredictionLogRetentionJob.Key).StoreDurably());
        quartz.AddTrigger(t => t
            .ForJob(PredictionLogRetentionJob.Key)
            .WithIdentity("prediction-log-retention-daily", "serving")
            .WithCronSchedule(PredictionLogRetentionJob.Cron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
