namespace Augur.Platform.Models;

/// <summary>One immutable bundle of a registered model, linked to the run and dataset that produced it.</summary>
public sealed class ModelVersion
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ModelId { get; private set; }

    public int Version { get; private set; }

    public Guid RunId { get; private set; }

    public Guid DatasetId { get; private set; }

    public string BundleKey { get; private set; } = "";

    public string Task { get; private set; } = "";

    public string Target { get; private set; } = "";

    public string Trainer { get; private set; } = "";

    public string Metric { get; private set; } = "";

    public double MetricValue { get; private set; }

    public DateTime CreatedAt { get; private set; }

    private ModelVersion() { }

    internal ModelVersion(Guid modelId, int version, Guid runId, Guid datasetId, string bundleKey, string task, string target, string trainer, string metric, double metricValue, DateTime now)
    {
        ModelId = modelId;
        Version = version;
        RunId = runId;
        DatasetId = datasetId;
        BundleKey = bundleKey;
        Task = task;
        Target = target;
        Trainer = trainer;
        Metric = metric;
        MetricValue = metricValue;
        CreatedAt = now;
    }
}
