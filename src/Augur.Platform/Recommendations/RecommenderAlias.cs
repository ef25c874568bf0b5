namespace Augur.Platform.Recommendations;

/// <summary>
/// A name such as "champion" or "challenger" pointing at one recommender version of a project, as aliases do in the
/// model registry. Serving answers with the champion (the newest version while there is none). The alias remembers
/// where it pointed before, so one call rolls a promotion back.
/// </summary>
public sealed class RecommenderAlias
{
    public const string Champion = "champion";

    public Guid ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    public Guid RunId { get; private set; }

    public Guid? PreviousRunId { get; private set; }

    public Guid? UpdatedBy { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    private RecommenderAlias() { }

    internal RecommenderAlias(Guid projectId, string name, Guid runId, Guid? previousRunId, Guid? updatedBy, DateTime now)
    {
        ProjectId = projectId;
        Name = name;
        RunId = runId;
        PreviousRunId = previousRunId;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }

    internal void PointAt(Guid runId, Guid? updatedBy, DateTime now)
    {
        if (runId == RunId)
        {
            return;
        }

        PreviousRunId = RunId;
        RunId = runId;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }

    /// <summary>Points the alias back at the version it pointed at before the last change.</summary>
    internal void RollBack(Guid? updatedBy, DateTime now)
    {
        if (PreviousRunId is not { } previous)
        {
            throw new PlatformValidationException("alias", $"The alias '{Name}' has not been moved yet, so there is nothing to roll back to.");
        }

        PreviousRunId = RunId;
        RunId = previous;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }
}
