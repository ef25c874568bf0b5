using Augur.Learning.Bundles;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Augur.Platform.Storage;
using Augur.Platform.Users;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Models;

/// <summary>
/// The model registry of a project: named models, their numbered versions, aliases that point at versions, tags and
/// descriptions, and import/export of bundles. Every change is audited.
/// </summary>
public sealed class ModelService(AugurDbContext db, ProjectService projects, IArtifactStore store, TimeProvider clock, AuditLog audit, StorageQuota quota)
{
    /// <summary>The largest bundle that can be imported (bundles of trained models are a few MB).</summary>
    public const long MaxImportBytes = 512L * 1024 * 1024;

    public async Task<Page<RegisteredModel>> ListAsync(Caller caller, Guid projectId, PageRequest page, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        // Models carry their aliases and only their newest version: a list never loads every version of every model.
        var result = await db.Models.AsNoTracking().Include(m => m.Aliases)
            .Include(m => m.Versions.OrderByDescending(v => v.Version).Take(1))
            .Where(m => m.ProjectId == projectId)
            .OrderBy(m => m.Name)
            .ToPageAsync(page, cancellationToken);
        return result;
    }

    public async Task<RegisteredModel> GetAsync(Caller caller, Guid projectId, string name, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await LoadAsync(projectId, name, cancellationToken);
    }

    public async Task<ModelVersion> GetVersionAsync(Caller caller, Guid projectId, string name, VersionSelector selector, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await ResolveAsync(projectId, name, selector, cancellationToken);
    }

    /// <summary>
    /// The version a selector means and what it learned: its own report (an imported one's comes from its bundle), else,
    /// for versions registered before versions kept one, its run's; null when neither has one (or the run was deleted).
    /// </summary>
    public async Task<(ModelVersion Version, Augur.Learning.Training.TrainingReport? Report)> ReportAsync(
        Caller caller, Guid projectId, string name, VersionSelector selector, CancellationToken cancellationToken)
    {
        var version = await GetVersionAsync(caller, projectId, name, selector, cancellationToken);
        var own = version.Report();
        if (own is not null || version.RunId is not { } runId)
        {
            return (version, own);
        }

        var json = await db.TrainingRuns.Where(r => r.Id == runId && r.ProjectId == projectId).Select(r => r.Details!.ReportJson).SingleOrDefaultAsync(cancellationToken);
        return (version, Augur.Learning.Training.TrainingReport.Read(json));
    }

    /// <summary>
    /// The version a selector means, in one query. No access check: callers on the prediction path have already
    /// authorised the project.
    /// </summary>
    internal async Task<ModelVersion> ResolveAsync(Guid projectId, string name, VersionSelector selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var versions = db.ModelVersions.AsNoTracking()
            .Where(v => db.Models.Any(m => m.Id == v.ModelId && m.ProjectId == projectId && m.Name == name));
        ModelVersion? found;
        if (selector.Number is { } number)
        {
            found = await versions.SingleOrDefaultAsync(v => v.Version == number, cancellationToken);
        }
        else if (selector.Alias is { } alias)
        {
            found = await versions.SingleOrDefaultAsync(v => db.ModelAliases.Any(a => a.VersionId == v.Id && a.Name == alias), cancellationToken);
        }
        else
        {
            found = await versions.OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        }

        return found ?? throw new NotFoundException(selector.IsLatest
            ? $"The model '{name}' was not found, or has no trained version yet."
            : $"The model '{name}' has no version '{selector}'.");
    }

    public async Task<RegisteredModel> DescribeAsync(Caller caller, Guid projectId, string name, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var model = await LoadAsync(projectId, name, cancellationToken);
        model.Describe(description, tags);
        await audit.RecordAsync(caller, "model.describe", projectId, "model", name, DescribeDetail(description, tags), cancellationToken);
        return model;
    }

    public async Task<ModelVersion> DescribeVersionAsync(Caller caller, Guid projectId, string name, int version, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var model = await LoadAsync(projectId, name, cancellationToken);
        var found = model.Versions.SingleOrDefault(v => v.Version == version) ?? throw new NotFoundException($"The model '{name}' has no version v{version}.");
        found.Describe(description, tags);
        await audit.RecordAsync(caller, "model.version.describe", projectId, "model", $"{name}/v{version}", DescribeDetail(description, tags), cancellationToken);
        return found;
    }

    /// <summary>Points an alias (e.g. "champion") at a version. Promoting, and rolling back to any version, are this call.</summary>
    public async Task<ModelAlias> SetAliasAsync(Caller caller, Guid projectId, string name, string alias, VersionSelector target, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var model = await LoadAsync(projectId, name, cancellationToken);
        var version = Pick(model, target);
        var before = model.Aliases.SingleOrDefault(a => a.Name == alias.Trim().ToLowerInvariant());
        int? from = before is null ? null : model.Versions.Single(v => v.Id == before.VersionId).Version;
        var result = model.SetAlias(alias, version, caller.UserId, Now);
        await audit.RecordAsync(caller, "model.alias.set", projectId, "model", name,
            from is { } f ? $"{result.Name}: v{f} -> v{version.Version}" : $"{result.Name}: -> v{version.Version}", cancellationToken);
        return result;
    }

    /// <summary>One-click rollback: the alias goes back to the version it pointed at before its last change.</summary>
    public async Task<ModelAlias> RollBackAliasAsync(Caller caller, Guid projectId, string name, string alias, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var model = await LoadAsync(projectId, name, cancellationToken);
        var found = FindAlias(model, alias);
        var from = model.Versions.Single(v => v.Id == found.VersionId).Version;
        found.RollBack(caller.UserId, Now);
        var to = model.Versions.Single(v => v.Id == found.VersionId).Version;
        await audit.RecordAsync(caller, "model.alias.rollback", projectId, "model", name, $"{found.Name}: v{from} -> v{to}", cancellationToken);
        return found;
    }

    public async Task RemoveAliasAsync(Caller caller, Guid projectId, string name, string alias, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var model = await LoadAsync(projectId, name, cancellationToken);
        var found = FindAlias(model, alias);
        model.Aliases.Remove(found);
        await audit.RecordAsync(caller, "model.alias.remove", projectId, "model", name, found.Name, cancellationToken);
    }

    /// <summary>Opens a version's bundle for download (export). Viewers may export what they may see.</summary>
    public async Task<(ModelVersion Version, Stream Content)> ExportAsync(Caller caller, Guid projectId, string name, VersionSelector selector, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var version = await ResolveAsync(projectId, name, selector, cancellationToken);
        await audit.RecordAsync(caller, "model.version.export", projectId, "model", $"{name}/v{version.Version}", null, cancellationToken);
        return (version, store.OpenRead(version.BundleKey));
    }

    /// <summary>
    /// Imports a bundle (exported from this or another Augur) as the next version of a model, creating the model if
    /// needed. The bundle is loaded before anything is stored, so a broken file is refused with a clear message.
    /// </summary>
    public async Task<ModelVersion> ImportAsync(Caller caller, Guid projectId, string name, Stream bundle, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken)).Project;
        ModelNames.Validate(name);
        using var buffer = new MemoryStream();
        await CopyBoundedAsync(bundle, buffer, cancellationToken);
        await quota.EnsureRoomAsync(project.OwnerId, buffer.Length, "bundle", cancellationToken);
        BundleInfo info;
        Augur.Learning.Training.TrainingReport? report;
        try
        {
            buffer.Position = 0;
            using var loaded = await ModelBundle.LoadAsync(buffer, cancellationToken);
            info = loaded.Info;
            report = loaded.Report;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new PlatformValidationException("bundle", $"The file is not an Augur model bundle: {ex.Message}");
        }

        var model = await FindAsync(projectId, name, cancellationToken);
        if (model is null)
        {
            model = RegisteredModel.Create(projectId, name, Now);
            db.Models.Add(model);
        }

        var key = $"projects/{projectId:N}/models/{model.Id:N}/imported-{Guid.NewGuid():N}.augur";
        buffer.Position = 0;
        await store.WriteAsync(key, buffer, cancellationToken);
        var version = model.AddVersion(VersionSource.Imported, new NewVersion(key, buffer.Length, info.Task.ToString().ToLowerInvariant(), info.Target, info.Trainer, info.Metric, info.Metrics.GetValueOrDefault(info.Metric))
        {
            Description = description,
            CreatedBy = caller.UserId,
            // A bundle trained by `augur train` (or exported from another Augur) says what it learned and how it was made.
            ReportJson = report?.ToJson(),
            ServedModels = report?.ServedModels is { Length: > 0 } served ? served : null,
        }, Now);
        await audit.RecordAsync(caller, "model.version.import", projectId, "model", $"{name}/v{version.Version}", $"{buffer.Length} bytes", cancellationToken);
        return version;
    }

    private async Task<RegisteredModel> LoadAsync(Guid projectId, string name, CancellationToken cancellationToken) =>
        await FindAsync(projectId, name, cancellationToken) ?? throw new NotFoundException("model", name);

    private Task<RegisteredModel?> FindAsync(Guid projectId, string name, CancellationToken cancellationToken) =>
        db.Models.Include(m => m.Versions).Include(m => m.Aliases)
            .SingleOrDefaultAsync(m => m.ProjectId == projectId && m.Name == name, cancellationToken);

    private static ModelVersion Pick(RegisteredModel model, VersionSelector selector)
    {
        ModelVersion? found = selector switch
        {
            { Number: { } n } => model.Versions.SingleOrDefault(v => v.Version == n),
            { Alias: { } a } => model.Aliases.SingleOrDefault(x => x.Name == a) is { } alias ? model.Versions.Single(v => v.Id == alias.VersionId) : null,
            _ => model.Versions.MaxBy(v => v.Version),
        };
        return found ?? throw new NotFoundException($"The model '{model.Name}' has no version '{selector}'.");
    }

    private static ModelAlias FindAlias(RegisteredModel model, string alias) =>
        model.Aliases.SingleOrDefault(a => a.Name == alias.Trim().ToLowerInvariant())
        ?? throw new NotFoundException($"The model '{model.Name}' has no alias '{alias}'.");

    private static async Task CopyBoundedAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxImportBytes)
            {
                throw new PlatformValidationException("bundle", $"The bundle is larger than {MaxImportBytes / (1024 * 1024)} MB.");
            }

            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }

    private static string? DescribeDetail(string? description, IReadOnlyDictionary<string, string>? tags) =>
        string.Join("; ", new[] { description is null ? null : "description", tags is null ? null : $"tags: {string.Join(", ", tags.Keys)}" }.Where(s => s is not null));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
