namespace Augur.Platform.Projects;

public sealed class Project
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>The column a new training run proposes first (the demo project sets "Churn").</summary>
    public string? SuggestedTarget { get; private set; }

    /// <summary>Tabular (predict a column) or recommendations (top-k items per customer from event logs).</summary>
    public ProjectKind Kind { get; private set; } = ProjectKind.Tabular;

    public DateTime CreatedAt { get; private set; }

    private Project() { }

    public static Project Create(string name, string? description, Guid ownerId, DateTime now, ProjectKind kind = ProjectKind.Tabular) =>
        new() { Name = name, Description = description, OwnerId = ownerId, CreatedAt = now, Kind = kind };

    public void SuggestTarget(string? column) => SuggestedTarget = column;
}
