namespace Augur.Platform.Models;

/// <summary>A named model in a project (e.g. "churn"); its versions are the bundles trained for it or imported.</summary>
public sealed class RegisteredModel
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public Dictionary<string, string> Tags { get; private set; } = [];

    public DateTime CreatedAt { get; private set; }

    public List<ModelVersion> Versions { get; private set; } = [];

    public List<ModelAlias> Aliases { get; private set; } = [];

    private RegisteredModel() { }

    public static RegisteredModel Create(Guid projectId, string name, DateTime now) =>
        new() { ProjectId = projectId, Name = ModelNames.Validate(name), CreatedAt = now };

    /// <summary>Adds the next version. The caller must have loaded <see cref="Versions"/>.</summary>
    public ModelVersion AddVersion(VersionSource source, NewVersion spec, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var next = Versions.Count == 0 ? 1 : Versions.Max(v => v.Version) + 1;
        var version = new ModelVersion(Id, next, source, spec, now);
        Versions.Add(version);
        return version;
    }

    public void Describe(string? description, IReadOnlyDictionary<string, string>? tags)
    {
        Description = description ?? Description;
        if (tags is not null)
        {
            Tags = ModelTags.Validate(tags);
        }
    }

    /// <summary>Points an alias at a version, creating the alias if needed. The caller must have loaded <see cref="Aliases"/>.</summary>
    public ModelAlias SetAlias(string alias, ModelVersion version, Guid? by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.ModelId != Id)
        {
            throw new InvalidOperationException($"Version {version.Id} belongs to another model.");
        }

        var name = ModelNames.ValidateAlias(alias);
        var existing = Aliases.SingleOrDefault(a => a.Name == name);
        if (existing is null)
        {
            existing = new ModelAlias(Id, name, version.Id, by, now);
            Aliases.Add(existing);
        }
        else
        {
            existing.PointAt(version.Id, by, now);
        }

        return existing;
    }
}
