namespace Augur.Platform.Projects;

/// <summary>A project together with the role the caller holds in it (after any API key's cap).</summary>
public sealed record ProjectAccess(Project Project, ProjectRole Role);
