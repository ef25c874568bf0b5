using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Training;

/// <summary>
/// Fired by a model's cron trigger: starts a training run with the schedule's spec, as the person who set the schedule
/// (so their access, caps and quota apply, and the audit log names them). With "latest dataset" it trains on the newest
/// dataset of the same name. A schedule that cannot start a run logs why and waits for its next time.
/// </summary>
public sealed class RetrainJob(AugurDbContext db, TrainingService training, ILogger<RetrainJob> logger) : IJob
{
    public const string ProjectIdKey = "projectId";
    public const string ModelKey = "model";
    public const string TargetKey = "target";
    public const string DatasetIdKey = "datasetId";
    public const string DatasetNameKey = "datasetName";
    public const string BudgetKey = "budgetSeconds";
    public const string ParallelismKey = "parallelism";
    public const string UserIdKey = "userId";
    public const string CronKey = "cron";

    public static JobKey KeyFor(Guid modelId) => new($"retrain-{modelId:N}", "retraining");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var projectId = Guid.Parse(data.GetString(ProjectIdKey)!);
        var model = data.GetString(ModelKey)!;
        var userId = Guid.Parse(data.GetString(UserIdKey)!);
        try
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
                ?? throw new NotFoundException("user", userId);
            var datasetId = Guid.Parse(data.GetString(DatasetIdKey)!);
            if (data.GetString(DatasetNameKey) is { Length: > 0 } name
                && await db.Datasets.Where(d => d.ProjectId == projectId && d.Name == name).OrderByDescending(d => d.CreatedAt).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(cancellationToken) is { } latest)
            {
                datasetId = latest;
            }

            var budget = TimeSpan.FromSeconds(double.Parse(data.GetString(BudgetKey)!, System.Globalization.CultureInfo.InvariantCulture));
            // A retrained model keeps what its latest run was given: custom features, columns left out, folds, costs of mistakes, task, metric, time column, goal.
            var lastRun = await db.TrainingRuns.AsNoTracking().Where(r => r.ProjectId == projectId && r.ModelName == model)
                .OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            var features = lastRun?.CustomFeatures().ToDictionary(f => f.Name, f => f.Expression, StringComparer.Ordinal);
            var request = new StartTrainingRequest(datasetId, data.GetString(TargetKey)!, budget, ModelName: model)
            {
                Parallelism = data.GetInt(ParallelismKey),
                Features = features is { Count: > 0 } ? features : null,
                Costs = lastRun?.Costs(),
                Task = lastRun?.RequestedTask,
                Metric = lastRun?.RequestedMetric,
                TimeColumn = lastRun?.TimeColumn,
                Goal = lastRun?.Goal,
                Folds = lastRun?.Folds,
                // A newer export may have dropped a column left out before (the natural fix for a leak): only those it has are left out.
                Ignore = lastRun?.IgnoredColumns() is { Count: > 0 } ignored ? await StillThereAsync(datasetId, ignored, cancellationToken) : null,
            };
            var run = await training.StartAsync(new Caller(user.Id, user.UserName, user.IsAdmin), projectId, request, cancellationToken);
            logger.LogInformation("Scheduled retraining of {Model} started run {RunId} on dataset {DatasetId}", model, run.Id, datasetId);
        }
        catch (Exception ex) when (ex is PlatformValidationException or NotFoundException or ForbiddenException)
        {
            logger.LogWarning("Scheduled retraining of {Model} in project {ProjectId} could not start: {Reason}", model, projectId, ex.Message);
        }
    }

    private async Task<IReadOnlyList<string>> StillThereAsync(Guid datasetId, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        // A dataset deleted since the schedule was set is left to StartAsync, which refuses it in words.
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null)
        {
            return columns;
        }

        var schema = Datasets.DatasetService.ReadSchema(dataset);
        return [.. columns.Where(c => schema.Find(c) is not null)];
    }
}
