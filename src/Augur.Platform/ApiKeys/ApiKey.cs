namespace Augur.Platform.ApiKeys;

/// <summary>
/// A personal API key. Only the SHA-256 of the secret is stored: a key is 256 random bits, so a fast hash is as safe
/// as a slow one and lets a request find its key by hash in one indexed lookup.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The first characters of the key ("augur_ab12cd34"), shown in lists so a person can tell keys apart.</summary>
    public string Prefix { get; private set; } = "";

    public string Hash { get; private set; } = "";

    public ApiKeyScope Scope { get; private set; }

    /// <summary>When set, the key works for this project only.</summary>
    public Guid? ProjectId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? ExpiresAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    private ApiKey() { }

    public static ApiKey Create(Guid userId, string name, string prefix, string hash, ApiKeyScope scope, Guid? projectId, DateTime now, DateTime? expiresAt) =>
        new() { UserId = userId, Name = name, Prefix = prefix, Hash = hash, Scope = scope, ProjectId = projectId, CreatedAt = now, ExpiresAt = expiresAt };

    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public void MarkUsed(DateTime now) => LastUsedAt = now;
}
