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
public sealed partial class DatasetService(
    AugurDbContext db,
    ProjectService projects,
    IArtifactStore store,
    TimeProvider clock,
    ILogger<DatasetService> logger,
    AuditLog? audit = null,
    StorageQuota? quota = null,
    IEnumerable<IDatasetUploadedHandler>? uploaded = null)
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
        return await FirstRowsAsync(store, dataset, Math.Clamp(take, 1, 500), cancellationToken);
    }

    /// <summary>The first <paramref name="count"/> rows of a dataset's clean table, read without a copy on disk (previews, checks, monitoring).</summary>
    internal static async Task<IReadOnlyList<JsonObject>> FirstRowsAsync(IArtifactStore store, Dataset dataset, int count, CancellationToken cancellationToken)
    {
        await using var stream = store.OpenRead(dataset.DataKey);
        return await JsonlReader.PeekAsync(stream, dataset.Name, count, cancellationToken);
    }

    /// <summary>The clean table's profile (T.profile.json): per-column missing share, distinct values, quantiles, histogram, top values.</summary>
    public async Task<TableProfile> ProfileAsync(Caller caller, Guid projectId, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await GetAsync(caller, projectId, datasetId, cancellationToken);
        return await ReadProfileAsync(store, dataset, cancellationToken);
    }

    /// <summary>A dataset's profile, read without a caller: for the platform's own checks (monitoring), not for people.</summary>
    internal static async Task<TableProfile> ReadProfileAsync(IArtifactStore store, Dataset dataset, CancellationToken cancellationToken)
    {
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
            var summary = await new Ingestor(new IngestOptions { TableName = "data", ColumnTypes = types, Duplicates = DuplicatePolicy.KeepWithoutIdentifier })
                .IngestAsync(raw.Path, work.Path, cancellationToken);
            // An upload of several tables is stored whole with each of its datasets: this dataset's table is the one
            // with its columns (tables are grouped by their columns, so no two have the same).
            var names = schema.Columns.Select(c => c.Name).ToList();
            var table = summary.Tables.FirstOrDefault(t => t.Schema.Columns.Select(c => c.Name).SequenceEqual(names)) ?? summary.Tables[0];
            await store.CheckInFolderAsync(folder, work.Path, cancellationToken);
            dataset.SetContent($"{folder}/{Path.GetFileName(table.JsonlPath)}", JsonSerializer.Serialize(table.Schema, AugurJson.Compact), dataset.SourceBytes, table);
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
    /// Stores the raw upload, ingests it into clean JSONL and records one dataset per table it holds: a single file is
    /// one table; several files (or a zip) whose columns differ form several tables, each stored as its own dataset
    /// named "upload – table". All of them are stored or none is: unusable input throws
    /// <see cref="PlatformValidationException"/> and leaves nothing behind.
    /// </summary>
    /// <param name="types">Column types the person already knows (e.g. a zip code is categorical); the others are inferred.</param>
    public async Task<IReadOnlyList<Dataset>> UploadAsync(Caller caller, Guid projectId, string fileName, Stream content, CancellationToken cancellationToken, IReadOnlyDictionary<string, ColumnType>? types = null)
    {
        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken)).Project;
        var datasets = await IngestTablesAsync(project, fileName, content, types, cancellationToken);
        await AuditUploadAsync(caller, projectId, datasets, cancellationToken);
        return datasets;
    }

    /// <summary>Audits each stored dataset of an upload and tells the <see cref="IDatasetUploadedHandler"/>s of it.</summary>
    private async Task AuditUploadAsync(Caller caller, Guid projectId, IReadOnlyList<Dataset> datasets, CancellationToken cancellationToken)
    {
        foreach (var dataset in datasets)
        {
            if (audit is not null)
            {
                var detail = datasets.Count == 1 ? dataset.SourceFileName : $"{dataset.SourceFileName} (table {dataset.Name}, 1 of {datasets.Count})";
                await audit.RecordAsync(caller, "dataset.upload", projectId, "dataset", dataset.Id.ToString(), detail, cancellationToken);
            }

            foreach (var handler in uploaded ?? [])
            {
                try
                {
                    await handler.OnUploadedAsync(dataset, caller, cancellationToken);
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
                {
                    // The data is stored: what follows from it must not turn a good upload into an error.
                    LogHandlerFailed(logger, ex, handler.GetType().Name, dataset.Id);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed for the uploaded dataset {DatasetId}; the dataset is stored")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string handler, Guid datasetId);

    /// <summary>
    /// Several files uploaded together are zipped and read like a folder: files with the same columns become one table
    /// (with a <c>_source_file</c> column), others a table each. Each dataset is named after its table, which is what
    /// the files have in common ("orders-jan.csv" and "orders-feb.csv" give "orders"), so that next month's files get
    /// the same name and a scheduled retraining finds them. One file is uploaded as itself.
    /// </summary>
    public async Task<IReadOnlyList<Dataset>> UploadFilesAsync(Caller caller, Guid projectId, IReadOnlyList<(string FileName, Func<Stream> Open)> files, CancellationToken cancellationToken, IReadOnlyDictionary<string, ColumnType>? types = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(files.Count);
        if (files.Count == 1)
        {
            await using var content = files[0].Open();
            return await UploadAsync(caller, projectId, files[0].FileName, content, cancellationToken, types);
        }

        var project = (await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken)).Project;
        using var work = store.CreateWorkFolder();
        await using var bundle = await UploadBundle.ZipAsync(work.File("upload.zip"), files, cancellationToken);
        var datasets = await IngestTablesAsync(project, UploadBundle.Name([.. files.Select(f => f.FileName)]), bundle, types, cancellationToken, namedByTable: true);
        await AuditUploadAsync(caller, projectId, datasets, cancellationToken);
        return datasets;
    }

    /// <summary>Ingests a single-table file without a caller check; for the start-up seeding of the demo projects only.</summary>
    internal async Task<Dataset> IngestAsync(Project project, string fileName, Stream content, CancellationToken cancellationToken, IReadOnlyDictionary<string, ColumnType>? types = null) =>
        (await IngestTablesAsync(project, fileName, content, types, cancellationToken)).Single();

    /// <param name="namedByTable">Name each dataset after its table only (files uploaded together), not "upload – table".</param>
    private async Task<IReadOnlyList<Dataset>> IngestTablesAsync(Project project, string fileName, Stream content, IReadOnlyDictionary<string, ColumnType>? types, CancellationToken cancellationToken, bool namedByTable = false)
    {
        var safeName = SafeFileName(fileName);
        var uploadName = Path.GetFileNameWithoutExtension(safeName);
        var datasets = new List<Dataset>();
        // The upload is ingested from a private working copy; only then are the raw file and the clean tables stored
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
            var clean = work.Folder("clean");
            var summary = await new Ingestor(new IngestOptions { TableName = "data", ColumnTypes = types, Duplicates = DuplicatePolicy.KeepWithoutIdentifier })
                .IngestAsync(raw, clean, cancellationToken);
            if (summary.Tables.Count == 0)
            {
                var why = summary.Skipped.Count > 0 ? summary.Skipped[0].Reason : "it holds no table Augur can read";
                throw new PlatformValidationException("file", $"{safeName}: {why}.");
            }

            if (types?.Keys.FirstOrDefault(name => summary.Tables.All(t => t.Schema.Find(name) is null)) is { } unknown)
            {
                var columns = summary.Tables.SelectMany(t => t.Schema.Columns.Select(c => c.Name)).Distinct();
                throw new PlatformValidationException("types", $"{safeName} has no column '{unknown}'; its columns are {string.Join(", ", columns)}.");
            }

            var several = summary.Tables.Count > 1;
            if (several && quota is not null)
            {
                // Each table's dataset keeps its own copy of the upload (so that it can be read again with new types).
                await quota.EnsureRoomAsync(project.OwnerId, bytes * summary.Tables.Count, "file", cancellationToken);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            for (var t = 0; t < summary.Tables.Count; t++)
            {
                var table = summary.Tables[t];
                var dataset = Dataset.Create(Guid.NewGuid(), project.Id, namedByTable ? table.Name : several ? $"{uploadName} – {table.Name}" : uploadName, safeName, now);
                datasets.Add(dataset);
                var tableFolder = several ? TableFolder(work, clean, table.Name, t) : clean;
                var tableRaw = t == summary.Tables.Count - 1 ? raw : work.File($"raw-{t}/{safeName}");
                if (tableRaw != raw)
                {
                    File.Copy(raw, tableRaw);
                }

                await store.CheckInAsync($"{dataset.StorageKey}/raw/{safeName}", tableRaw, cancellationToken);
                await store.CheckInFolderAsync($"{dataset.StorageKey}/clean", tableFolder, cancellationToken);
                dataset.SetContent(
                    $"{dataset.StorageKey}/clean/{Path.GetFileName(table.JsonlPath)}",
                    JsonSerializer.Serialize(table.Schema, AugurJson.Compact), bytes, table);
            }

            // One SaveChanges, one transaction: every table's dataset is recorded, or none is.
            db.Datasets.AddRange(datasets);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var dataset in datasets)
            {
                logger.LogInformation("Dataset {DatasetId} ingested from {FileName}: {Rows} rows, {Rejected} rejected", dataset.Id, safeName, dataset.Rows, dataset.RejectedRows);
            }

            return datasets;
        }
        catch (Exception ex)
        {
            foreach (var dataset in datasets)
            {
                store.DeleteTree(dataset.StorageKey);
                if (db.Entry(dataset).State == EntityState.Added)
                {
                    db.Entry(dataset).State = EntityState.Detached;
                }
            }

            if (ex is IngestException)
            {
                // Ingestion names the stored copy; the person only knows the file they uploaded (and needs no server paths).
                throw new PlatformValidationException("file", ex.Message.Replace(raw, safeName, StringComparison.Ordinal));
            }

            throw;
        }
    }

    /// <summary>One table's files (T.jsonl, T.schema.json, T.profile.json, T.rejects.jsonl) plus the shared lineage, in a folder of their own.</summary>
    private static string TableFolder(WorkFolder work, string clean, string table, int index)
    {
        var folder = work.Folder($"clean-{index}");
        Directory.CreateDirectory(folder);
        foreach (var suffix in new[] { ".jsonl", ".schema.json", ".profile.json", ".rejects.jsonl" })
        {
            var path = Path.Combine(clean, table + suffix);
            if (File.Exists(path))
            {
                File.Move(path, Path.Combine(folder, table + suffix));
            }
        }

        var lineage = Path.Combine(clean, "lineage.json");
        if (File.Exists(lineage))
        {
            File.Copy(lineage, Path.Combine(folder, "lineage.json"));
        }

        return folder;
    }

    /// <summary>Keeps only the last path segment and harmless characters, so an upload can never write elsewhere.</summary>
    public static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var cleaned = new string(name.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return cleaned.Length == 0 ? "upload.csv" : cleaned;
    }
}
