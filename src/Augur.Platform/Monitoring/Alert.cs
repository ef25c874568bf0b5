namespace Augur.Platform.Monitoring;

/// <summary>
/// Something about a live model that a person should look at, raised by a check (the drift check, or an accuracy check
/// that found a served version much worse) and kept until someone dismisses it. One alert per endpoint, version and kind
/// at a time: a check that finds the same again raises nothing.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    /// <summary>The endpoint it is about (deleted with it).</summary>
    public Guid DeploymentId { get; private set; }

    public string Endpoint { get; private set; } = "";

    /// <summary>The model the endpoint serves, for the link to its page; null for alerts raised before it was kept.</summary>
    public string? ModelName { get; private set; }

    public int Version { get; private set; }

    public AlertKind Kind { get; private set; }

    /// <summary>What was found, in words.</summary>
    public string Message { get; private set; } = "";

    public DateTime RaisedAt { get; private set; }

    public DateTime? DismissedAt { get; private set; }

    public Guid? DismissedBy { get; private set; }

    /// <summary>When the project's webhook took the alert; null when it has none, or not yet.</summary>
    public DateTime? NotifiedAt { get; private set; }

    /// <summary>Why the webhook did not take it, after the last try; null when it did or was not tried.</summary>
    public string? NotificationError { get; private set; }

    public void Notified(DateTime now)
    {
        NotifiedAt = now;
        NotificationError = null;
    }

    public void NotificationFailed(string error) => NotificationError = error.Length > 500 ? error[..500] : error;

    public bool IsOpen => DismissedAt is null;

    private Alert() { }

    public static Alert Raise(Guid projectId, Guid deploymentId, string endpoint, string modelName, int version, AlertKind kind, string message, DateTime now) => new()
    {
        ProjectId = projectId,
        DeploymentId = deploymentId,
        Endpoint = endpoint,
        ModelName = modelName,
        Version = version,
        Kind = kind,
        Message = message,
        RaisedAt = now,
    };

    /// <summary>Closes the alert: a person has seen it. Dismissing it again changes nothing.</summary>
    public void Dismiss(Guid userId, DateTime now)
    {
        if (IsOpen)
        {
            DismissedAt = now;
            DismissedBy = userId;
        }
    }
}

/// <summary>What an alert is about.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Augur.Data.Schema.CamelCaseEnumConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>A live model's inputs moved away from its training data.</summary>
    Drift,

    /// <summary>A served version did much worse on an uploaded dataset whose outcomes are known than on the rows held back in training.</summary>
    Accuracy,

    /// <summary>A served version did much worse on the outcomes its endpoint's caller sent back than in training.</summary>
    LiveAccuracy,
}
