namespace Augur.Platform.Audit;

/// <summary>
/// One line of the append-only audit log. <see cref="Hash"/> is the SHA-256 of this entry's fields and
/// <see cref="PreviousHash"/>, so editing, removing or reordering any entry breaks the chain from there on.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3… with no gaps; the primary key, so two nodes can never append the same position.</summary>
    public long Sequence { get; private set; }

    public DateTime At { get; private set; }

    public Guid? UserId { get; private set; }

    public string? UserName { get; private set; }

    /// <summary>The personal API key used, when the action came through one.</summary>
    public Guid? KeyId { get; private set; }

    public string? Ip { get; private set; }

    /// <summary>What happened, as "noun.verb": "dataset.upload", "member.add", "user.lockout"…</summary>
    public string Action { get; private set; } = "";

    public Guid? ProjectId { get; private set; }

    public string? ObjectType { get; private set; }

    public string? ObjectId { get; private set; }

    /// <summary>A short human description; never a secret.</summary>
    public string? Detail { get; private set; }

    public string PreviousHash { get; private set; } = "";

    public string Hash { get; private set; } = "";

    private AuditEntry() { }

    internal static AuditEntry Create(long sequence, DateTime at, Caller? caller, string action, Guid? projectId, string? objectType, string? objectId, string? detail, string previousHash)
    {
        var entry = new AuditEntry
        {
            Sequence = sequence,
            At = at,
            UserId = caller?.UserId,
            UserName = caller?.UserName,
            KeyId = caller?.KeyId,
            Ip = caller?.Ip,
            Action = action,
            ProjectId = projectId,
            ObjectType = objectType,
            ObjectId = objectId,
            Detail = detail,
            PreviousHash = previousHash,
        };
        entry.Hash = AuditChain.ComputeHash(entry);
        return entry;
    }
}
