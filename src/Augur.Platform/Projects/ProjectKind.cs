namespace Augur.Platform.Projects;

/// <summary>What a project is for. Existing projects are tabular; a recommendations project trains recommenders from event logs.</summary>
public enum ProjectKind
{
    Tabular,
    Recommendations,
}
