namespace Augur.Platform.Scoring;

/// <summary>
/// One batch scoring: an uploaded file scored with one model version, a row count that grows while it runs, and a
/// result file (plus a rejects file) when it succeeds. The version selector ("champion", "latest") is resolved when
/// the job is created, so the job scores with the version the person saw, whatever the alias points at later.
/// State changes are methods that refuse illegal transitions.
/// </summary>
public sealed class ScoringJob
{
    /// <summary>A job that was started this many times without finishing is failed instead of retried again.</summary>
    public const int MaxAttempts = 3;

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public string ModelName { get; private set; } = "";

    /// <summary>What the person asked for: "latest", "v3", "champion".</summary>
    public string VersionSelector { get; private set; } = "";

    public Guid ModelVersionId { get; private set; }

    public int ModelVersion { get; private set; }

    /// <summary>The uploaded file's (safe) name.</summary>
    public string InputFileName { get; private set; } = "";

    public long InputBytes { get; private set; }

    public ScoringFormat Format { get; private set; }

    /// <summary>Input columns copied beside each prediction besides the identifiers, comma-separated.</summary>
    public string KeepColumns { get; private set; } = "";

    public ScoringStatus Status { get; private set; }

    /// <summary>Why a job failed or was cancelled, written for a person.</summary>
    public string? Reason { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>Rows read so far; <see cref="RowsTotal"/> is known once the file has been read.</summary>
    public long RowsDone { get; private set; }

    public long? RowsTotal { get; private set; }

    public long RowsRejected { get; private set; }

    public long RowsScored { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    public bool IsFinished => Status is ScoringStatus.Succeeded or ScoringStatus.Failed or ScoringStatus.Cancelled;

    /// <summary>Where the job's files live in the artifact store.</summary>
    public string StorageKey => $"projects/{ProjectId:N}/scoring/{Id:N}";

    public string InputKey => $"{StorageKey}/input/{InputFileName}";

    public string ResultKey => $"{StorageKey}/result{Format.Extension()}";

    public string RejectsKey => $"{StorageKey}/rejects.csv";

    /// <summary>The name a download gets: "customers-scored.xlsx".</summary>
    public string ResultFileName => $"{Path.GetFileNameWithoutExtension(InputFileName)}-scored{Format.Extension()}";

    private ScoringJob() { }

    public static ScoringJob Queue(Guid projectId, string modelName, string selector, Guid versionId, int version, string inputFileName, ScoringFormat format, IReadOnlyList<string> keepColumns, Guid createdBy, DateTime now) =>
        new()
        {
            ProjectId = projectId,
            ModelName = modelName,
            VersionSelector = selector,
            ModelVersionId = versionId,
            ModelVersion = version,
            InputFileName = inputFileName,
            Format = format,
            KeepColumns = string.Join(',', keepColumns),
            CreatedBy = createdBy,
            CreatedAt = now,
            Status = ScoringStatus.Queued,
        };

    /// <summary>The stored upload's size, known once it has been written.</summary>
    public void RecordInputSize(long bytes) => InputBytes = bytes;

    public IReadOnlyList<string> KeepColumnList => KeepColumns.Length == 0 ? [] : KeepColumns.Split(',');

    /// <summary>Marks the job as running from the first row. A job picked up again after a crash counts another attempt and starts over.</summary>
    public void Start(DateTime now)
    {
        EnsureNotFinished("start");
        Attempts++;
        Status = ScoringStatus.Running;
        StartedAt = now;
        RowsDone = 0;
        RowsTotal = null;
        RowsRejected = 0;
        RowsScored = 0;
    }

    public void ReportProgress(ScoringProgress progress)
    {
        RowsDone = progress.RowsDone;
        RowsTotal = progress.RowsTotal;
        RowsRejected = progress.RowsRejected;
    }

    public void Succeed(DateTime now, long scored, long rejected)
    {
        if (Status != ScoringStatus.Running)
        {
            throw new InvalidOperationException($"Scoring job {Id} cannot succeed while it is {Status}.");
        }

        Status = ScoringStatus.Succeeded;
        FinishedAt = now;
        RowsScored = scored;
        RowsRejected = rejected;
        RowsTotal = RowsDone;
        Reason = null;
    }

    public void Fail(DateTime now, string reason)
    {
        EnsureNotFinished("fail");
        Status = ScoringStatus.Failed;
        FinishedAt = now;
        Reason = reason;
    }

    public void Cancel(DateTime now, string reason)
    {
        EnsureNotFinished("be cancelled");
        Status = ScoringStatus.Cancelled;
        FinishedAt = now;
        Reason = reason;
    }

    private void EnsureNotFinished(string action)
    {
        if (IsFinished)
        {
            throw new InvalidOperationException($"Scoring job {Id} is already {Status.ToString().ToLowerInvariant()}; it cannot {action}.");
        }
    }
}
