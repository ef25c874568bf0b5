namespace Augur.Platform.Deployments;

/// <summary>A new endpoint key and its secret, which exists only in this answer: Augur keeps the hash alone.</summary>
public sealed record CreatedEndpointKey(EndpointKey Key, string? EndpointName, string Secret);
