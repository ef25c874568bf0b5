namespace Augur.Platform.Projects;

public sealed class Project
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>The column a new training run proposes first (the demo project sets "Churn").</summary>
    public string? SuggestedTarget { get; private set; }

    /// <summary>Tabular (predict a column) or recommendations (top-k items per customer from event logs).</summary>
    public ProjectKind Kind { get; private set; } = ProjectKind.Tabular;

    public DateTime CreatedAt { get; private set; }

    /// <summary>
    /// Where alerts are posted as they are raised (a Slack or Teams incoming webhook, a chat relay), encrypted with Data
    /// Protection: the URL is a secret (whoever has it can post to the channel). Null for none.
    /// </summary>
    public string? AlertWebhookProtected { get; private set; }

    /// <summary>The webhook's host, to show which service alerts go to without showing the URL.</summary>
    public string? AlertWebhookHost { get; private set; }

    /// <summary>
    /// When the webhook was given: alerts raised since then are posted, and the hourly check queues any of them whose post
    /// was never queued (<see cref="Monitoring.AlertWebhooks.QueueUnsentAsync"/>). Null with no webhook, or one given before it was kept.
    /// </summary>
    public DateTime? AlertWebhookSince { get; private set; }

    private Project() { }

    public static Project Create(string name, string? description, Guid ownerId, DateTime now, ProjectKind kind = ProjectKind.Tabular) =>
        new() { Name = name, Description = description, OwnerId = ownerId, CreatedAt = now, Kind = kind };

    public void SuggestTarget(string? column) => SuggestedTarget = column;

    /// <summary>Sends alerts to a webhook (<paramref name="protectedUrl"/> already encrypted), or to none when null.</summary>
    public void SendAlertsTo(string? protectedUrl, string? host, DateTime now)
    {
        AlertWebhookProtected = protectedUrl;
        AlertWebhookHost = protectedUrl is null ? null : host;
        AlertWebhookSince = protectedUrl is null ? null : now;
    }
}
