using Augur.Data.Ingestion;

namespace Augur.Platform.Datasets;

/// <summary>An uploaded file after ingestion: a clean JSONL table plus its schema, kept in the artifact store.</summary>
public sealed class Dataset
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public string Name { get; private set; } = "";

    public string SourceFileName { get; private set; } = "";

    public long SourceBytes { get; private set; }

    public long Rows { get; private set; }

    public long RejectedRows { get; private set; }

    /// <summary>
    /// Exact duplicate rows dropped: a column identifies each row, so each was a record stored twice. Datasets uploaded
    /// before Augur kept repeats (<see cref="DuplicateRowsKept"/>) had every repeat dropped, ID or not.
    /// </summary>
    public long DuplicateRows { get; private set; }

    /// <summary>
    /// Exact duplicate rows kept (and counted in <see cref="Rows"/>): no column identifies a row, so they are repeated
    /// observations, which a model should see as often as they happen (Augur.Data's DuplicatePolicy).
    /// </summary>
    public long DuplicateRowsKept { get; private set; }

    /// <summary>The table's schema as written by Augur.Data (T.schema.json), kept here so lists need no file reads.</summary>
    public string SchemaJson { get; private set; } = "";

    /// <summary>Artifact-store folder holding raw/ and clean/ files.</summary>
    public string StorageKey { get; private set; } = "";

    /// <summary>Artifact-store key of the clean JSONL file.</summary>
    public string DataKey { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    private Dataset() { }

    public static Dataset Create(Guid id, Guid projectId, string name, string sourceFileName, DateTime now) =>
        new()
        {
            Id = id,
            ProjectId = projectId,
            Name = name,
            SourceFileName = sourceFileName,
            StorageKey = $"datasets/{id:N}",
            CreatedAt = now,
        };

    public void SetContent(string dataKey, string schemaJson, long sourceBytes, IngestedTable table)
    {
        SourceBytes = sourceBytes;
        DataKey = dataKey;
        SchemaJson = schemaJson;
        Rows = table.RowsOut;
        RejectedRows = table.Rejected;
        DuplicateRows = table.Duplicates;
        DuplicateRowsKept = table.DuplicatesKept;
    }
}
