namespace Augur.Platform.Projects;

/// <summary>A member's role in a project; ordered so that a larger value allows more.</summary>
public enum ProjectRole
{
    /// <summary>Reads datasets, runs, models and the audit trail.</summary>
    Viewer = 1,

    /// <summary>Also uploads data, trains and predicts.</summary>
    Editor = 2,

    /// <summary>Also shares the project: adds, changes and removes members.</summary>
    Owner = 3,
}
