namespace Augur.Platform.Deployments;

/// <summary>
/// A key an application uses to call endpoints, separate from people's accounts and personal keys: it can only
/// predict, through one endpoint or every endpoint of its project. Only the SHA-256 of the secret is stored.
/// </summary>
public sealed class EndpointKey
{
    public const string SecretPrefix = "augur_ep_";

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    /// <summary>When set, the key calls this endpoint only; when null, every endpoint of the project.</summary>
    public Guid? DeploymentId { get; private set; }

    public string Name { get; private set; } = "";

    public string Prefix { get; private set; } = "";

    public string Hash { get; private set; } = "";

    public Guid? CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    private EndpointKey() { }

    public static EndpointKey Create(Guid projectId, Guid? deploymentId, string name, string prefix, string hash, Guid? createdBy, DateTime now) =>
        new() { ProjectId = projectId, DeploymentId = deploymentId, Name = name, Prefix = prefix, Hash = hash, CreatedBy = createdBy, CreatedAt = now };

    public bool IsActive => RevokedAt is null;

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public void MarkUsed(DateTime now) => LastUsedAt = now;
}
