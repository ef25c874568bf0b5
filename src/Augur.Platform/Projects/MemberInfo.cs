namespace Augur.Platform.Projects;

/// <summary>One row of a project's member list; <see cref="IsCreator"/> marks the owner who cannot be removed.</summary>
public sealed record MemberInfo(Guid UserId, string UserName, ProjectRole Role, bool IsCreator, DateTime AddedAt);
