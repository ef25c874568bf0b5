using System.Text.Json;
using Augur.Data;
using Augur.Data.Ingestion;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Storage;
using Augur.Platform.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Recommendations;

/// <summary>
/// Trains one recommender run and registers it as the project's next recommender version, then asks the batch to
/// precompute its lists. Delivery is at least once: a repeat finds the run finished and does nothing, and a run
/// interrupted mid-way is simply trained again (the bundle is rewritten in place, the version is set only once).
/// </summary>
public sealed class TrainRecommenderJob(
    AugurDbContext db,
    IArtifactStore store,
    ISchedulerFactory schedulers,
    ServedVersionCache served,
    TimeProvider clock,
    ILogger<TrainRecommenderJob> logger) : IJob
{
    public const string RunIdKey = "recommenderRunId";

    public static JobKey KeyFor(Guid runId) => new($"recommender-{runId:N}", "recommendations");

    public static string FolderOf(RecommenderRun run) => $"projects/{run.ProjectId:N}/recommenders/{run.Id:N}";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var runId = Guid.Parse(context.MergedJobDataMap.GetString(RunIdKey)!);
        var run = await db.RecommenderRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ProjectId"] = run.ProjectId, ["RecommenderRunId"] = run.Id });
        if (run.Attempts >= RecommenderRun.MaxAttempts)
        {
            await FailAsync(run, $"Augur was stopped {run.Attempts} times while this recommender was training, so it was not tried again. Start a new run.");
            return;
        }

        run.Start(Now);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await TrainAndRegisterAsync(run, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Recommender run {RunId} was interrupted by shutdown", run.Id);
            throw;
        }
        catch (Exception ex) when (ex is PlatformValidationException or IngestException or InvalidDataException or FormatException or ArgumentException)
        {
            await FailAsync(run, ex.Message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogError(ex, "Recommender run {RunId} failed", run.Id);
            await FailAsync(run, $"Training failed unexpectedly: {ex.Message}");
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task TrainAndRegisterAsync(RecommenderRun run, CancellationToken cancellationToken)
    {
        var events = await db.Datasets.SingleAsync(d => d.Id == run.EventsDatasetId, cancellationToken);
        var setup = JsonSerializer.Deserialize<RecommenderSetup>(run.SetupJson, AugurJson.Compact)!;
        var folder = FolderOf(run);
        var bundleKey = $"{folder}/recommender.augurrec";
        // The catalogue's categories and prices are ranker features (the other models ignore them).
        var catalogue = run.CatalogueDatasetId is { } catalogueId && await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == catalogueId, cancellationToken) is { } dataset
            ? (await StoredCatalogue.ReadAsync(store, dataset, cancellationToken)).Attributes()
            : null;

        // The trainer works on files: the events are decrypted into a private copy, and its outputs are stored
        // (encrypted) from a private folder.
        using var eventsCopy = await store.CheckOutAsync(events.DataKey, cancellationToken);
        using var work = store.CreateWorkFolder();
        var result = await Task.Run(
            () => RecommenderTrainer.TrainAsync(eventsCopy.Path, events.Name, setup, run.Model, work.File("recommender.augurrec"), work.File("purchases.bin"), cancellationToken, catalogue),
            cancellationToken);
        await store.CheckInAsync(bundleKey, work.File("recommender.augurrec"), cancellationToken);
        await store.CheckInAsync($"{folder}/purchases.bin", work.File("purchases.bin"), cancellationToken);

        // Versions count up per project; the unique index (project, version) turns a race between two finishing
        // runs into a retry with the next number rather than a duplicate.
        for (var attempt = 1; ; attempt++)
        {
            var version = 1 + (await db.RecommenderRuns.Where(r => r.ProjectId == run.ProjectId && r.Version != null).MaxAsync(r => r.Version, cancellationToken) ?? 0);
            run.Succeed(Now, version, bundleKey, JsonSerializer.Serialize(result.Reports, AugurJson.Compact), result.Users, result.Items, result.Interactions);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                await db.Entry(run).ReloadAsync(cancellationToken);
                run.Start(Now);
            }
        }

        served.Forget(run.ProjectId);
        logger.LogInformation("Recommender run {RunId} registered {Model} as version {Version} ({Users} customers, {Items} items)", run.Id, run.Model, run.Version, result.Users, result.Items);
        await RecommendationBatchJob.TriggerAsync(schedulers, run.ProjectId, cancellationToken);
    }

    private async Task FailAsync(RecommenderRun run, string reason)
    {
        run.Fail(Now, reason);
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogWarning("Recommender run {RunId} failed: {Reason}", run.Id, reason);
    }
}
