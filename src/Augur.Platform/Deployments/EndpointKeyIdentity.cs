namespace Augur.Platform.Deployments;

/// <summary>An application calling with an endpoint key: the key, its project and (when limited to one) its endpoint.</summary>
public sealed record EndpointKeyIdentity(Guid KeyId, Guid ProjectId, Guid? DeploymentId);
