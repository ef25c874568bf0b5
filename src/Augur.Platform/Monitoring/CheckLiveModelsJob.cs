using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Checks the project's served versions on a dataset just uploaded (<see cref="AccuracyCheckService.CheckLiveVersionsAsync"/>),
/// on whichever node picks it up, so that the upload itself does not wait for the scoring. At least once is fine: a
/// repeat keeps a second check of the same data and raises no second alert while the first is open.
/// </summary>
public sealed partial class CheckLiveModelsJob(AccuracyCheckService checks, ILogger<CheckLiveModelsJob> logger) : IJob
{
    public const string ProjectIdKey = "projectId";
    public const string DatasetIdKey = "datasetId";
    public const string UserIdKey = "userId";

    public static JobKey KeyFor(Guid datasetId) => new($"check-live-{datasetId:N}", "monitoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var datasetId = Guid.Parse(data.GetString(DatasetIdKey)!);
        var made = await checks.CheckLiveVersionsAsync(Guid.Parse(data.GetString(ProjectIdKey)!), datasetId, Guid.Parse(data.GetString(UserIdKey)!), cancellationToken);
        LogChecked(logger, made.Count, datasetId, made.Count(c => c.Verdict == AccuracyVerdict.MuchWorse));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Checks} served versions checked on the new dataset {DatasetId}; {MuchWorse} much worse than in training")]
    private static partial void LogChecked(ILogger logger, int checks, Guid datasetId, int muchWorse);

    /// <summary>Queues the job for an uploaded dataset when the project has an endpoint, and so something served to check.</summary>
    public sealed class OnUpload(AugurDbContext db, ISchedulerFactory schedulers) : IDatasetUploadedHandler
    {
        public async Task OnUploadedAsync(Dataset dataset, Caller caller, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(dataset);
            ArgumentNullException.ThrowIfNull(caller);
            if (!await db.Deployments.AnyAsync(d => d.ProjectId == dataset.ProjectId, cancellationToken))
            {
                return;
            }

            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var job = JobBuilder.Create<CheckLiveModelsJob>()
                .WithIdentity(KeyFor(dataset.Id))
                .UsingJobData(ProjectIdKey, dataset.ProjectId.ToString())
                .UsingJobData(DatasetIdKey, dataset.Id.ToString())
                .UsingJobData(UserIdKey, caller.UserId.ToString())
                .RequestRecovery()
                .Build();
            await scheduler.ScheduleJob(job, [TriggerBuilder.Create().ForJob(job).StartNow().Build()], new ScheduleJobOptions { Replace = true }, cancellationToken);
        }
    }
}
