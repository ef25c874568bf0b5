using System.Text.Json;
using Augur.Data;
using Augur.Data.Schema;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Projects;
using Augur.Recommend.Data;
using Augur.Recommend.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Augur.Platform.Recommendations;

/// <summary>Queues recommender training runs as Quartz jobs and reads the project's recommender versions back.</summary>
public sealed class RecommenderService(
    AugurDbContext db,
    ProjectService projects,
    ISchedulerFactory schedulers,
    TimeProvider clock,
    IOptions<RecommendationsOptions> options,
    AuditLog? audit = null)
{
    public async Task<RecommenderRun> StartAsync(Caller caller, Guid projectId, StartRecommenderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken)).Project;
        RequireRecommendations(project);
        var events = await FindDatasetAsync(projectId, request.EventsDatasetId, "eventsDatasetId", cancellationToken);
        var schema = DatasetService.ReadSchema(events);
        var header = schema.Columns.Select(c => c.Name).ToList();
        var setup = new RecommenderSetup(
            Column(schema, request.UserColumn, ColumnGuess.User(header), "userColumn", "customer")!,
            Column(schema, request.ItemColumn, ColumnGuess.Item(header), "itemColumn", "item")!,
            Column(schema, request.TimeColumn, ColumnGuess.Time(header), "timeColumn", null),
            Column(schema, request.WeightColumn, null, "weightColumn", null),
            Column(schema, request.EventColumn, header.Contains("event_type") ? "event_type" : null, "eventColumn", null),
            Weights(request.EventWeights),
            string.IsNullOrWhiteSpace(request.PurchaseEvent) ? "purchase" : request.PurchaseEvent.Trim(),
            request.Settings ?? new Dictionary<string, string>(),
            10);
        var model = string.IsNullOrWhiteSpace(request.Model) ? options.Value.DefaultModel : request.Model.Trim().ToLowerInvariant();
        try
        {
            _ = RecommenderFactory.Create(model, setup.Settings);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new PlatformValidationException(ex.Message.Contains("setting", StringComparison.Ordinal) ? "settings" : "model", ex.Message);
        }

        if (request.CatalogueDatasetId is { } catalogueId)
        {
            var catalogue = await FindDatasetAsync(projectId, catalogueId, "catalogueDatasetId", cancellationToken);
            _ = Catalogue.Columns(DatasetService.ReadSchema(catalogue), catalogue.Name);
        }

        var run = RecommenderRun.Queue(projectId, events.Id, request.CatalogueDatasetId, model, JsonSerializer.Serialize(setup, AugurJson.Compact), caller.UserId, clock.GetUtcNow().UtcDateTime);
        db.RecommenderRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await ScheduleAsync(run.Id, cancellationToken);
        if (audit is not null)
        {
            await audit.RecordAsync(caller, "recommender.start", projectId, "recommender-run", run.Id.ToString(), $"{model} on {events.Name}", cancellationToken);
        }

        return run;
    }

    public async Task<IReadOnlyList<RecommenderRun>> ListAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.RecommenderRuns.Where(r => r.ProjectId == projectId).OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
    }

    public async Task<RecommenderRun> GetAsync(Caller caller, Guid projectId, Guid runId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.RecommenderRuns.SingleOrDefaultAsync(r => r.ProjectId == projectId && r.Id == runId, cancellationToken)
            ?? throw new NotFoundException("recommender run", runId);
    }

    /// <summary>Queues the job that trains a run; it requests recovery, so a node that dies mid-run does not lose it.</summary>
    public async Task ScheduleAsync(Guid runId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<TrainRecommenderJob>()
            .WithIdentity(TrainRecommenderJob.KeyFor(runId))
            .UsingJobData(TrainRecommenderJob.RunIdKey, runId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().ForJob(job).StartNow().Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>Precomputes the project's lists now instead of waiting for the night (editors; the batch job does the work).</summary>
    public async Task QueueBatchAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken)).Project;
        RequireRecommendations(project);
        await RecommendationBatchJob.TriggerAsync(schedulers, projectId, cancellationToken);
        if (audit is not null)
        {
            await audit.RecordAsync(caller, "recommender.batch", projectId, "project", projectId.ToString(), null, cancellationToken);
        }
    }

    public static void RequireRecommendations(Project project)
    {
        if (project.Kind != ProjectKind.Recommendations)
        {
            throw new PlatformValidationException("project", $"'{project.Name}' is a {project.Kind.ToString().ToLowerInvariant()} project; recommendations need a recommendations project.");
        }
    }

    private async Task<Dataset> FindDatasetAsync(Guid projectId, Guid datasetId, string field, CancellationToken cancellationToken) =>
        await db.Datasets.SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Id == datasetId, cancellationToken)
        ?? throw new PlatformValidationException(field, $"The dataset '{datasetId}' is not in this project.");

    private static string? Column(TableSchema schema, string? given, string? guessed, string field, string? requiredWhat)
    {
        var name = string.IsNullOrWhiteSpace(given) ? guessed : given.Trim();
        if (name is null)
        {
            return requiredWhat is null
                ? null
                : throw new PlatformValidationException(field, $"Name the {requiredWhat} column: none of {string.Join(", ", schema.Columns.Select(c => c.Name))} looks like one.");
        }

        return schema.Find(name) is not null
            ? name
            : throw new PlatformValidationException(field, $"The column '{name}' is not in the dataset. Its columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
    }

    private static Dictionary<string, float> Weights(IReadOnlyDictionary<string, float>? given)
    {
        var weights = new Dictionary<string, float>(given ?? InteractionColumns.DefaultEventWeights, StringComparer.OrdinalIgnoreCase);
        foreach (var (type, weight) in weights)
        {
            if (weight < 0 || !float.IsFinite(weight))
            {
                throw new PlatformValidationException("eventWeights", $"The weight of '{type}' must be a number of 0 or more (0 ignores the event).");
            }
        }

        return weights;
    }
}
