namespace Augur.Platform.Models;

/// <summary>A named model in a project (e.g. "churn"); its versions are the bundles trained for it.</summary>
public sealed class RegisteredModel
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public List<ModelVersion> Versions { get; private set; } = [];

    private RegisteredModel() { }

    public static RegisteredModel Create(Guid projectId, string name, DateTime now) =>
        new() { ProjectId = projectId, Name = name, CreatedAt = now };

    public ModelVersion AddVersion(Guid runId, Guid datasetId, string bundleKey, string task, string target, string trainer, string metric, double metricValue, DateTime now)
    {
        var next = Versions.Count == 0 ? 1 : Versions.Max(v => v.Version) + 1;
        var version = new ModelVersion(Id, next, runId, datasetId, bundleKey, task, target, trainer, metric, metricValue, now);
        Versions.Add(version);
        return version;
    }
}
