using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Deployments;
using Augur.Platform.Recommendations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Augur.Platform.Jobs;

/// <summary>
/// Quartz.NET with its persistent AdoJobStore in Augur's own database: SQLite in one process, or PostgreSQL with
/// clustering so that many `augur serve` / `augur worker` nodes share the jobs and recover each other's.
/// </summary>
public static class JobsSetup
{
    public static IServiceCollection AddAugurJobs(this IServiceCollection services, DatabaseOptions database, AugurPaths paths, AugurOptions augur, RecommendationsOptions recommendations)
    {
        var connectionString = DatabaseSetup.ConnectionString(database, paths);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "augur";
                s.GenerateInstanceId = true;
                // On shutdown, running jobs are cancelled and Quartz stores a recovery trigger for them in the same
                // transaction, so an interrupted training run is fired again when a node next starts.
                s.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(1, augur.Workers));
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                if (database.Provider == DatabaseProvider.PostgreSql)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                }
                else
                {
                    store.UseSqlite(SqliteFactory.Instance, connectionString);
                }

                store.ProvisionSchema();
            });

            // A cron expression that does not parse fails here, at start-up, rather than at night.
            q.AddRecommendationBatch(recommendations);
            q.AddPredictionLogRetention();
            Monitoring.DriftMonitorJob.Schedule(q, augur.Monitoring.Cron);
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            // With no workers the scheduler is never started: this node still schedules jobs (the store is shared),
            // and the started schedulers of other nodes run them.
            o.AutoStart = augur.Workers > 0;
        });
        return services;
    }
}
