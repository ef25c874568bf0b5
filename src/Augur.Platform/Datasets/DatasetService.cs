using System.Text.Json;
using Augur.Data;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Profiling;
using Augur.Data.Schema;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Augur.Platform.Storage;
using Augur.Platform.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using System.Text.Json.Nodes;

namespace Augur.Platform.Datasets;

/// <summary>Upload, ingest and read datasets of a project.</summary>
public sealed class DatasetService(
    AugurDbContext db,
    ProjectService projects,
    IArtifactStore store,
    TimeProvider clock,
    ILogger<DatasetService> logger,
    AuditLog? audit = null,
    StorageQuota? quota = null)
{
    public async Task<IReadOnlyList<Dataset>> ListAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.Datasets.Where(d => d.ProjectId == projectId).OrderByDescending(d => d.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<Dataset> GetAsync(Caller caller, Guid projectId, Guid datasetId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.Datasets.SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Id == datasetId, cancellationToken)
            ?? throw new NotFoundException("dataset", datasetId);
    }

    public static TableSchema ReadSchema(Dataset dataset) =>
        JsonSerializer.Deserialize<TableSchema>(dataset.SchemaJson, AugurJson.Options)
        ?? throw new InvalidDataException($"Dataset {dataset.Id} has no schema.");

    public async Task<IReadOnlyList<JsonObject>> PreviewAsync(Caller caller, Guid projectId, Guid datasetId, int take, CancellationToken cancellationToken)
    {
        var dataset = await GetAsync(caller, projectId, datasetId, cancellationToken);
        await using var stream = store.OpenRead(dataset.DataKey);
        return await JsonlReader.PeekAsync(stream, dataset.Name, Math.Clamp(take, 1, 500), cancellationToken);
    }

    /// <summary>The clean table's profile (T.profile.json): per-column missing share, distinct values, quantiles, histogram, top values.</summary>
    public async Task<TableProfile> ProfileAsync(Caller caller, Guid projectId, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await GetAsync(caller, projectId, datasetId, cancellationToken);
        await using var stream = store.OpenRead(Sibling(dataset.DataKey, ".profile.json"));
        return await JsonSerializer.DeserializeAsync<TableProfile>(stream, AugurJson.Options, cancellationToken)
            ?? throw new InvalidDataException($"Dataset {dataset.Id} has no profile.");
    }

    /// <summary>The first rejected rows (file, line, raw text, reason), at most <paramref name="take"/> (1-500).</summary>
    public async Task<IReadOnlyList<JsonObject>> RejectsAsync(Caller caller, Guid projectId, Guid datasetId, int take, CancellationToken cancellationToken)
    {
        var dataset = await GetAsync(caller, projectId, datasetId, cancellationToken);
        var key = Sibling(dataset.DataKey, ".rejects.jsonl");
        if (!store.Exists(key))
        {
            return [];
        }

        await using var stream = store.OpenRead(key);
        return await JsonlReader.PeekAsync(stream, $"{dataset.Name} rejects", Math.Clamp(take, 1, 500), cancellationToken);
    }

    /// <summary>
    /// A person sets a column's type: the stored raw file is ingested again with every column held at its current
    /// type except this one, into a fresh folder that replaces the old one only once it is complete.
    /// </summary>
    public async Task<Dataset> SetColumnTypeAsync(Caller caller, Guid projectId, Guid datasetId, string column, ColumnType type, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var dataset = await GetAsync(caller, projectId, datasetId, cancellationToken);
        var schema = ReadSchema(dataset);
        if (schema.Find(column) is null)
        {
            throw new PlatformValidationException("column", $"'{column}' is not a column of {dataset.Name}; its columns are {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
        }

        var types = schema.Columns.ToDictionary(c => c.Name, c => c.Name == column ? type : c.Type, StringComparer.Ordinal);
        var oldFolder = Path.GetDirectoryName(dataset.DataKey)!.Replace('\\', '/');
        var folder = $"{dataset.StorageKey}/clean-{Guid.NewGuid():N}";
        using var raw = await store.CheckOutAsync($"{dataset.StorageKey}/raw/{dataset.SourceFileName}", cancellationToken);
        using var work = store.CreateWorkFolder();
        try
        {
            var summary = await new Ingestor(new IngestOptions { TableName = "data", ColumnTypes = types })
                .IngestAsync(raw.Path, work.Path, cancellationToken);
            await store.CheckInFolderAsync(folder, work.Path, cancellationToken);
            var table = summary.Tables[0];
            dataset.SetContent($"{folder}/{Path.GetFileName(table.JsonlPath)}", JsonSerializer.Serialize(table.Schema, AugurJson.Compact), dataset.SourceBytes, table.RowsOut, table.Rejected, table.Duplicates);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (IngestException ex)
        {
            store.DeleteTree(folder);
            throw new PlatformValidationException("type", ex.Message.Replace(raw.Path, dataset.SourceFileName, StringComparison.Ordinal));
        }
        catch
        {
            store.DeleteTree(folder);
            throw;
        }

        store.DeleteTree(oldFolder);
        logger.LogInformation("Dataset {DatasetId}: column {Column} set to {Type}", dataset.Id, column, type);
        return dataset;
    }

    private static string Sibling(string dataKey, string suffix) =>
        dataKey.EndsWith(".jsonl", StringComparison.Ordinal) ? dataKey[..^".jsonl".Length] + suffix : dataKey + suffix;

    /// <summary>
    /// Stores the raw upload, ingests it into clean JSONL and records the dataset. Unusable input throws
    /// <see cref="PlatformValidationException"/> and leaves nothing behind.
    /// </summary>
    /// <param name="types">Column types the person already knows (e.g. a zip code is categorical); the others are inferred.</param>
    public async Task<Dataset> UploadAsync(Caller caller, Guid projectId, string fileName, Stream content, CancellationToken cancellationToken, IReadOnlyDictionary<string, ColumnType>? types = null)
    {
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken)).Project;
        var dataset = await IngestAsync(project, fileName, content, cancellationToken, types);
        if (audit is not null)
        {
            await audit.RecordAsync(caller, "dataset.upload", projectId, "dataset", dataset.Id.ToString(), dataset.SourceFileName, cancellationToken);
        }

        return dataset;
    }

    /// <summary>Ingests without a caller check; for the start-up seeding of the demo project only.</summary>
    internal async Task<Dataset> IngestAsync(Project project, string fileName, Stream content, CancellationToken cancellationToken, IReadOnlyDictionary<string, ColumnType>? types = null)
    {
        var safeName = SafeFileName(fileName);
        var dataset = Dataset.Create(Guid.NewGuid(), project.Id, Path.GetFileNameWithoutExtension(safeName), safeName, clock.GetUtcNow().UtcDateTime);
        var rawKey = $"{dataset.StorageKey}/raw/{safeName}";
        // The upload is ingested from a private working copy; only then are the raw file and the clean table stored
        // (encrypted), so nothing is decrypted again and a refused upload leaves nothing in the store.
        using var work = store.CreateWorkFolder();
        var raw = work.File($"raw/{safeName}");
        try
        {
            await using (var file = File.Create(raw))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            var bytes = new FileInfo(raw).Length;
            if (quota is not null)
            {
                await quota.EnsureRoomAsync(project.OwnerId, bytes, "file", cancellationToken);
            }

            UploadContentCheck.Check(safeName, raw);
            var summary = await new Ingestor(new IngestOptions { TableName = "data", ColumnTypes = types })
                .IngestAsync(raw, work.Folder("clean"), cancellationToken);
            if (summary.Tables.Count == 0)
            {
                var why = summary.Skipped.Count > 0 ? summary.Skipped[0].Reason : "it holds no table Augur can read";
                throw new PlatformValidationException("file", $"{safeName}: {why}.");
            }

            if (summary.Tables.Count > 1)
            {
                // A dataset is one table; storing only the first would drop the others without a word.
                var groups = summary.Tables.Select(t => $"'{t.Name}' from {string.Join(", ", t.Sources ?? [t.Name])} ({string.Join(", ", t.Schema.Columns.Select(c => c.Name).Where(c => c != "_source_file").Take(5))}…)");
                throw new PlatformValidationException("file",
                    $"{safeName}: these files do not share their columns, so they form {summary.Tables.Count} tables: {string.Join("; ", groups)}. " +
                    "Upload each table's files separately, so that each becomes its own dataset.");
            }

            var table = summary.Tables[0];
            if (types?.Keys.FirstOrDefault(name => table.Schema.Find(name) is null) is { } unknown)
            {
                throw new PlatformValidationException("types", $"{safeName} has no column '{unknown}'; its columns are {string.Join(", ", table.Schema.Columns.Select(c => c.Name))}.");
            }

            var dataKey = $"{dataset.StorageKey}/clean/{Path.GetFileName(table.JsonlPath)}";
            await store.CheckInAsync(rawKey, raw, cancellationToken);
            await store.CheckInFolderAsync($"{dataset.StorageKey}/clean", work.Folder("clean"), cancellationToken);
            dataset.SetContent(dataKey, JsonSerializer.Serialize(table.Schema, AugurJson.Compact), bytes, table.RowsOut, table.Rejected, table.Duplicates);
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Dataset {DatasetId} ingested from {FileName}: {Rows} rows, {Rejected} rejected", dataset.Id, safeName, table.RowsOut, table.Rejected);
            return dataset;
        }
        catch (IngestException ex)
        {
            store.DeleteTree(dataset.StorageKey);
            // Ingestion names the stored copy; the person only knows the file they uploaded (and needs no server paths).
            throw new PlatformValidationException("file", ex.Message.Replace(raw, safeName, StringComparison.Ordinal));
        }
        catch
        {
            store.DeleteTree(dataset.StorageKey);
            throw;
        }
    }

    /// <summary>Keeps only the last path segment and harmless characters, so an upload can never write elsewhere.</summary>
    public static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var cleaned = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return cleaned.Length == 0 ? "upload.csv" : cleaned;
    }
}
