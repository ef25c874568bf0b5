namespace Augur.Platform.Projects;

/// <summary>
/// A colleague a project is shared with. The project's creator (<see cref="Project.OwnerId"/>) is always an owner
/// and needs no row; rows hold everyone else, including further owners.
/// </summary>
public sealed class ProjectMember
{
    public Guid ProjectId { get; private set; }

    public Guid UserId { get; private set; }

    public ProjectRole Role { get; private set; }

    public DateTime AddedAt { get; private set; }

    private ProjectMember() { }

    public static ProjectMember Create(Guid projectId, Guid userId, ProjectRole role, DateTime now) =>
        new() { ProjectId = projectId, UserId = userId, Role = role, AddedAt = now };

    public void ChangeRole(ProjectRole role) => Role = role;
}
