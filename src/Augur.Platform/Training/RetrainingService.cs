using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Augur.Platform.Training;

/// <summary>
/// Scheduled retraining: a Quartz cron trigger per model, kept in Quartz's persistent store (so it survives restarts
/// and, clustered, fires on exactly one node), that starts a training run with the model's spec.
/// </summary>
public sealed class RetrainingService(AugurDbContext db, ProjectService projects, ISchedulerFactory schedulers, AuditLog? audit = null)
{
    public async Task<RetrainingSchedule> SetAsync(Caller caller, Guid projectId, string modelName, ScheduleRetrainingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var model = await db.Models.SingleOrDefaultAsync(m => m.ProjectId == projectId && m.Name == modelName, cancellationToken)
            ?? throw new NotFoundException("model", modelName);
        var cron = CronText.ToQuartz(request.Cron);
        var last = await db.TrainingRuns.Where(r => r.ProjectId == projectId && r.ModelName == model.Name).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var datasetId = request.DatasetId ?? last?.DatasetId
            ?? throw new PlatformValidationException("datasetId", "This model was never trained here, so say which dataset to train it on.");
        var dataset = await db.Datasets.SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Id == datasetId, cancellationToken)
            ?? throw new PlatformValidationException("datasetId", $"The dataset '{datasetId}' is not in this project.");
        var target = request.Target ?? last?.Target
            ?? throw new PlatformValidationException("target", "This model was never trained here, so say which column to predict.");
        var budget = request.Budget ?? last?.Budget ?? TimeSpan.FromSeconds(60);
        if (budget <= TimeSpan.Zero || budget > TimeSpan.FromHours(24))
        {
            throw new PlatformValidationException("budget", "The time budget must be between 1 second and 24 hours.");
        }

        var parallelism = request.Parallelism ?? last?.Parallelism ?? 1;
        if (parallelism is < 1 or > TrainingRun.MaxParallelism)
        {
            throw new PlatformValidationException("parallelism", $"Parallelism must be between 1 and {TrainingRun.MaxParallelism} workers.");
        }

        var key = RetrainJob.KeyFor(model.Id);
        var job = JobBuilder.Create<RetrainJob>()
            .WithIdentity(key)
            .UsingJobData(RetrainJob.ProjectIdKey, projectId.ToString())
            .UsingJobData(RetrainJob.ModelKey, model.Name)
            .UsingJobData(RetrainJob.TargetKey, target)
            .UsingJobData(RetrainJob.DatasetIdKey, dataset.Id.ToString())
            .UsingJobData(RetrainJob.DatasetNameKey, request.LatestDataset ? dataset.Name : "")
            .UsingJobData(RetrainJob.BudgetKey, budget.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UsingJobData(RetrainJob.ParallelismKey, parallelism)
            .UsingJobData(RetrainJob.UserIdKey, caller.UserId.ToString())
            .UsingJobData(RetrainJob.CronKey, cron)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, key.Group)
            .ForJob(key)
            // Quartz's default for cron ("smart policy"): a schedule missed while every node was down fires once when one
            // comes back, not once per missed night.
            .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc))
            .Build();
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
        if (audit is not null)
        {
            await audit.RecordAsync(caller, "model.schedule", projectId, "model", model.Name, $"retrain on '{cron}' predicting {target}", cancellationToken);
        }

        return (await ReadAsync(scheduler, model.Id, cancellationToken))!;
    }

    /// <returns>The model's schedule, or null when it has none.</returns>
    public async Task<RetrainingSchedule?> GetAsync(Caller caller, Guid projectId, string modelName, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var model = await db.Models.SingleOrDefaultAsync(m => m.ProjectId == projectId && m.Name == modelName, cancellationToken)
            ?? throw new NotFoundException("model", modelName);
        return await ReadAsync(await schedulers.GetScheduler(cancellationToken), model.Id, cancellationToken);
    }

    /// <summary>Removes the model's schedule; removing one that does not exist is not an error.</summary>
    public async Task DeleteAsync(Caller caller, Guid projectId, string modelName, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var model = await db.Models.SingleOrDefaultAsync(m => m.ProjectId == projectId && m.Name == modelName, cancellationToken)
            ?? throw new NotFoundException("model", modelName);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (await scheduler.DeleteJob(RetrainJob.KeyFor(model.Id), cancellationToken) && audit is not null)
        {
            await audit.RecordAsync(caller, "model.unschedule", projectId, "model", model.Name, "retraining schedule removed", cancellationToken);
        }
    }

    private static async Task<RetrainingSchedule?> ReadAsync(IScheduler scheduler, Guid modelId, CancellationToken cancellationToken)
    {
        var key = RetrainJob.KeyFor(modelId);
        if (await scheduler.GetJobDetail(key, cancellationToken) is not { } job)
        {
            return null;
        }

        var trigger = await scheduler.GetTrigger(new TriggerKey(key.Name, key.Group), cancellationToken);
        var data = job.JobDataMap;
        var datasetName = data.GetString(RetrainJob.DatasetNameKey);
        return new RetrainingSchedule(
            data.GetString(RetrainJob.ModelKey)!,
            data.GetString(RetrainJob.CronKey)!,
            data.GetString(RetrainJob.TargetKey)!,
            string.IsNullOrEmpty(datasetName) ? Guid.Parse(data.GetString(RetrainJob.DatasetIdKey)!) : null,
            string.IsNullOrEmpty(datasetName) ? null : datasetName,
            TimeSpan.FromSeconds(double.Parse(data.GetString(RetrainJob.BudgetKey)!, System.Globalization.CultureInfo.InvariantCulture)),
            data.GetInt(RetrainJob.ParallelismKey),
            trigger?.NextFireTimeUtc,
            trigger?.PreviousFireTimeUtc);
    }
}
