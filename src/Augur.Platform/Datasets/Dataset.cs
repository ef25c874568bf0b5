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

    public long DuplicateRows { get; private set; }

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

    public void SetContent(string dataKey, string schemaJson, long sourceBytes, long rows, long rejected, long duplicates)
    {
        SourceBytes = sourceBytes;
        DataKey = dataKey;
        SchemaJson = schemaJson;
        Rows = rows;
        RejectedRows = rejected;
        DuplicateRows = duplicates;
    }
}
