using Augur.Platform.Training;

namespace Augur.Platform.Recommendations;

/// <summary>
/// One recommender training run and, once it succeeds, the numbered recommender version it registered: the registry
/// of a recommendations project is its succeeded runs. The nightly batch records its precomputed lists here too.
/// </summary>
public sealed class RecommenderRun
{
    public const int MaxAttempts = 3;

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public Guid EventsDatasetId { get; private set; }

    public Guid? CatalogueDatasetId { get; private set; }

    public string Model { get; private set; } = "";

    /// <summary>The columns, event-type weights and model settings, as JSON (<see cref="RecommenderSetup"/>).</summary>
    public string SetupJson { get; private set; } = "";

    public RunStatus Status { get; private set; }

    public string? Reason { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>1, 2, 3… per project, set when the run succeeds.</summary>
    public int? Version { get; private set; }

    public string? BundleKey { get; private set; }

    /// <summary>The validation reports (baselines beside the model), as JSON.</summary>
    public string? ReportsJson { get; private set; }

    public int Users { get; private set; }

    public int Items { get; private set; }

    public long Interactions { get; private set; }

    /// <summary>The latest precomputed top-k file, when the batch has run for this version.</summary>
    public string? BatchKey { get; private set; }

    public DateTime? BatchAt { get; private set; }

    public int BatchUsers { get; private set; }

    public double? BatchSeconds { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;

    private RecommenderRun() { }

    public static RecommenderRun Queue(Guid projectId, Guid eventsDatasetId, Guid? catalogueDatasetId, string model, string setupJson, Guid createdBy, DateTime now) =>
        new()
        {
            ProjectId = projectId,
            EventsDatasetId = eventsDatasetId,
            CatalogueDatasetId = catalogueDatasetId,
            Model = model,
            SetupJson = setupJson,
            CreatedBy = createdBy,
            CreatedAt = now,
            Status = RunStatus.Queued,
        };

    public void Start(DateTime now)
    {
        EnsureNotFinished("start");
        Attempts++;
        Status = RunStatus.Running;
        StartedAt = now;
    }

    public void Succeed(DateTime now, int version, string bundleKey, string reportsJson, int users, int items, long interactions)
    {
        if (Status != RunStatus.Running)
        {
            throw new InvalidOperationException($"Recommender run {Id} cannot succeed while it is {Status}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        Status = RunStatus.Succeeded;
        FinishedAt = now;
        Version = version;
        BundleKey = bundleKey;
        ReportsJson = reportsJson;
        Users = users;
        Items = items;
        Interactions = interactions;
        Reason = null;
    }

    public void Fail(DateTime now, string reason)
    {
        EnsureNotFinished("fail");
        Status = RunStatus.Failed;
        FinishedAt = now;
        Reason = reason;
    }

    /// <summary>Points the version at a newer precomputed file; only a registered version has lists.</summary>
    public void RecordBatch(string batchKey, DateTime at, int users, double seconds)
    {
        if (Status != RunStatus.Succeeded)
        {
            throw new InvalidOperationException($"Recommender run {Id} has no version to precompute ({Status}).");
        }

        BatchKey = batchKey;
        BatchAt = at;
        BatchUsers = users;
        BatchSeconds = seconds;
    }

    private void EnsureNotFinished(string action)
    {
        if (IsFinished)
        {
            throw new InvalidOperationException($"Recommender run {Id} is already {Status}; it cannot {action}.");
        }
    }
}
