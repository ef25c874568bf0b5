namespace Augur.Platform.Audit;

/// <summary>The result of checking the chain: intact, or the first entry that does not match (and why).</summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBadSequence, string? Problem);
