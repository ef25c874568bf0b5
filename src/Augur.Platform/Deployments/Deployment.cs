namespace Augur.Platform.Deployments;

/// <summary>
/// A live endpoint of a project: a stable name that routes requests to versions of one model through a
/// <see cref="TrafficSplit"/>. It remembers the split before the last change, so a rollback (by a person, or automatic
/// when a target's error rate is too high) puts back the last good routing.
/// </summary>
public sealed class Deployment
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    public Guid ModelId { get; private set; }

    public string ModelName { get; private set; } = "";

    public string Description { get; private set; } = "";

    /// <summary>The split as JSON; read through <see cref="Split"/>.</summary>
    public string SplitJson { get; private set; } = "";

    public string? PreviousSplitJson { get; private set; }

    /// <summary>Error rate (0 to 1) over the rollback window above which a target is taken out of traffic.</summary>
    public double RollbackErrorRate { get; private set; } = 0.5;

    /// <summary>A target needs at least this many requests in the window before its error rate counts.</summary>
    public int RollbackMinRequests { get; private set; } = 20;

    /// <summary>Goes up with every change, so serving nodes can tell their cached route is old.</summary>
    public int Revision { get; private set; } = 1;

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public Guid? UpdatedBy { get; private set; }

    /// <summary>Why the last automatic rollback happened, shown in the API and on the endpoint page.</summary>
    public string? LastRollbackReason { get; private set; }

    public DateTime? LastRollbackAt { get; private set; }

    private Deployment() { }

    public TrafficSplit Split => TrafficSplit.FromJson(SplitJson);

    public TrafficSplit? PreviousSplit => PreviousSplitJson is null ? null : TrafficSplit.FromJson(PreviousSplitJson);

    public static Deployment Create(Guid projectId, string name, Guid modelId, string modelName, TrafficSplit split, Guid? createdBy, DateTime now) => new()
    {
        ProjectId = projectId,
        Name = name,
        ModelId = modelId,
        ModelName = modelName,
        SplitJson = split.ToJson(),
        CreatedAt = now,
        UpdatedAt = now,
        UpdatedBy = createdBy,
    };

    public void ChangeSplit(TrafficSplit split, Guid? by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(split);
        var json = split.ToJson();
        if (json == SplitJson)
        {
            return;
        }

        PreviousSplitJson = SplitJson;
        SplitJson = json;
        Touch(by, now);
    }

    public void SetRollbackPolicy(double errorRate, int minRequests)
    {
        if (errorRate is <= 0 or > 1 || double.IsNaN(errorRate))
        {
            throw new PlatformValidationException("rollbackErrorRate", "The rollback error rate is a fraction between 0 and 1, e.g. 0.2 for 20%.");
        }

        if (minRequests is < 1 or > 1_000_000)
        {
            throw new PlatformValidationException("rollbackMinRequests", "The minimum number of requests is between 1 and 1,000,000.");
        }

        RollbackErrorRate = errorRate;
        RollbackMinRequests = minRequests;
    }

    /// <summary>A person's one-click rollback: the split before the last change comes back.</summary>
    public void RollBack(Guid? by, DateTime now)
    {
        if (PreviousSplitJson is not { } previous)
        {
            throw new PlatformValidationException("split", $"The endpoint '{Name}' has not been changed since it was created, so there is nothing to roll back to.");
        }

        PreviousSplitJson = SplitJson;
        SplitJson = previous;
        Touch(by, now);
    }

    /// <summary>
    /// Takes a failing target out of traffic: back to the previous split when that one does not use it, else the
    /// current split without it. Returns false when no good routing is left (the endpoint keeps trying).
    /// </summary>
    public bool RollBackFrom(string failingVersion, string reason, DateTime now)
    {
        var previous = PreviousSplit;
        var next = previous is not null && previous.Targets.All(t => t.Version != failingVersion || t.Weight == 0)
            ? previous
            : Split.Without(failingVersion);
        if (next is null)
        {
            return false;
        }

        PreviousSplitJson = SplitJson;
        SplitJson = next.ToJson();
        LastRollbackReason = reason;
        LastRollbackAt = now;
        Touch(null, now);
        return true;
    }

    private void Touch(Guid? by, DateTime now)
    {
        Revision++;
        UpdatedAt = now;
        UpdatedBy = by;
    }
}
