namespace Augur.Platform.Models;

/// <summary>
/// One immutable bundle of a registered model with its lineage: the run, the winning trial and the exact dataset
/// content (SHA-256 of the clean JSONL) it was trained on. Imported versions have no run.
/// </summary>
public sealed class ModelVersion
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ModelId { get; private set; }

    public int Version { get; private set; }

    public VersionSource Source { get; private set; }

    public Guid? RunId { get; private set; }

    public int? TrialNumber { get; private set; }

    public Guid? DatasetId { get; private set; }

    public string? DatasetHash { get; private set; }

    public string BundleKey { get; private set; } = "";

    public long BundleBytes { get; private set; }

    public string Task { get; private set; } = "";

    public string Target { get; private set; } = "";

    public string Trainer { get; private set; } = "";

    public string Metric { get; private set; } = "";

    public double MetricValue { get; private set; }

    /// <summary>
    /// How the served model was made, in words (e.g. "The model is refitted on all rows."); null for imported versions
    /// and for versions registered before it was stored.
    /// </summary>
    public string? ServedModels { get; private set; }

    /// <summary>
    /// What the version learned (<see cref="Augur.Learning.Training.TrainingReport"/>), from its run or, for an imported
    /// version, from its bundle; null for bundles and versions from before reports were kept.
    /// </summary>
    public string? ReportJson { get; private set; }

    public string? Description { get; private set; }

    public Dictionary<string, string> Tags { get; private set; } = [];

    public Guid? CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    private ModelVersion() { }

    internal ModelVersion(Guid modelId, int version, VersionSource source, NewVersion spec, DateTime now)
    {
        ModelId = modelId;
        Version = version;
        Source = source;
        RunId = spec.RunId;
        TrialNumber = spec.TrialNumber;
        DatasetId = spec.DatasetId;
        DatasetHash = spec.DatasetHash;
        BundleKey = spec.BundleKey;
        BundleBytes = spec.BundleBytes;
        Task = spec.Task;
        Target = spec.Target;
        Trainer = spec.Trainer;
        Metric = spec.Metric;
        MetricValue = spec.MetricValue;
        ServedModels = spec.ServedModels;
        ReportJson = spec.ReportJson;
        Description = spec.Description;
        CreatedBy = spec.CreatedBy;
        CreatedAt = now;
    }

    /// <summary>The version's report read back; null when there is none or it cannot be read (a page that shows it must not fail because of it).</summary>
    public Augur.Learning.Training.TrainingReport? Report() => Augur.Learning.Training.TrainingReport.Read(ReportJson);

    public void Describe(string? description, IReadOnlyDictionary<string, string>? tags)
    {
        Description = description ?? Description;
        if (tags is not null)
        {
            Tags = ModelTags.Validate(tags);
        }
    }
}

/// <summary>How a version came to exist.</summary>
public enum VersionSource
{
    Trained,
    Imported,
}

/// <summary>What a new version is made of; the registry numbers it.</summary>
public sealed record NewVersion(string BundleKey, long BundleBytes, string Task, string Target, string Trainer, string Metric, double MetricValue)
{
    public Guid? RunId { get; init; }

    public int? TrialNumber { get; init; }

    public Guid? DatasetId { get; init; }

    public string? DatasetHash { get; init; }

    public string? ServedModels { get; init; }

    /// <summary>The version's report as JSON (see <see cref="ModelVersion.ReportJson"/>).</summary>
    public string? ReportJson { get; init; }

    public string? Description { get; init; }

    public Guid? CreatedBy { get; init; }
}
