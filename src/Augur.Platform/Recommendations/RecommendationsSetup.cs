using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Augur.Platform.Recommendations;

/// <summary>Registers the recommendations feature: its services and the nightly batch on its cron trigger.</summary>
public static class RecommendationsSetup
{
    public static IServiceCollection AddAugurRecommendations(this IServiceCollection services)
    {
        services.AddSingleton<RecommenderCache>();
        services.AddSingleton<ServedVersionCache>();
        services.AddScoped<RecommenderService>();
        services.AddScoped<RecommendationService>();
        services.AddScoped<RecommenderAliasService>();
        services.AddScoped<RecommendationBatch>();
        services.AddScoped<StoreDemoSeeder>();
        return services;
    }

    /// <summary>The nightly batch: a durable job with a cron trigger, stored with the other jobs so one node of a cluster runs it.</summary>
    public static void AddRecommendationBatch(this IQuartzBuilder quartz, RecommendationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(options);
        quartz.AddJob<RecommendationBatchJob>(j => j.WithIdentity(RecommendationBatchJob.NightlyKey).StoreDurably());
        quartz.AddTrigger(t => t
            .ForJob(RecommendationBatchJob.NightlyKey)
            .WithIdentity("recommendations-nightly", "recommendations")
            .WithCronSchedule(options.BatchCron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}
