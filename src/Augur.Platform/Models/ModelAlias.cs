namespace Augur.Platform.Models;

/// <summary>
/// A name such as "champion" or "challenger" that points at one version of a model. There are no fixed stages
/// (MLflow replaced its stages with aliases for good reasons); rolling back is re-pointing an alias, and the alias
/// remembers the version it pointed at before so that one click can undo a promotion.
/// </summary>
public sealed class ModelAlias
{
    public Guid ModelId { get; private set; }

    public string Name { get; private set; } = "";

    public Guid VersionId { get; private set; }

    public Guid? PreviousVersionId { get; private set; }

    public Guid? UpdatedBy { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    private ModelAlias() { }

    internal ModelAlias(Guid modelId, string name, Guid versionId, Guid? updatedBy, DateTime now)
    {
        ModelId = modelId;
        Name = name;
        VersionId = versionId;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }

    internal void PointAt(Guid versionId, Guid? updatedBy, DateTime now)
    {
        if (versionId == VersionId)
        {
            return;
        }

        PreviousVersionId = VersionId;
        VersionId = versionId;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }

    /// <summary>Points the alias back at the version it pointed at before the last change.</summary>
    internal void RollBack(Guid? updatedBy, DateTime now)
    {
        if (PreviousVersionId is not { } previous)
        {
            throw new PlatformValidationException("alias", $"The alias '{Name}' has not been moved yet, so there is nothing to roll back to.");
        }

        PreviousVersionId = VersionId;
        VersionId = previous;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
    }
}
