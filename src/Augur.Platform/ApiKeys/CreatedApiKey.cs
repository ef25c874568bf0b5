namespace Augur.Platform.ApiKeys;

/// <summary>A new key and its secret, which exists only in this answer: Augur keeps the hash alone.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);
