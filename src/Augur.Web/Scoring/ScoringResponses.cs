using Augur.Platform.Scoring;

namespace Augur.Web.Scoring;

/// <summary>A scoring job as the API shows it. Links point at the result and the rejects once the job has succeeded.</summary>
public sealed record ScoringJobResponse(
    Guid Id,
    string Model,
    string VersionSelector,
    int Version,
    string InputFileName,
    long InputBytes,
    ScoringFormat Format,
    IReadOnlyList<string> KeepColumns,
    ScoringStatus Status,
    string? Reason,
    long RowsDone,
    long? RowsTotal,
    long RowsScored,
    long RowsRejected,
    int Attempts,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? ResultUrl,
    string? RejectsUrl)
{
    public static ScoringJobResponse From(ScoringJob j)
    {
        ArgumentNullException.ThrowIfNull(j);
        var self = $"/api/v1/projects/{j.ProjectId}/scoring/{j.Id}";
        var done = j.Status == ScoringStatus.Succeeded;
        return new(
            j.Id, j.ModelName, j.VersionSelector, j.ModelVersion, j.InputFileName, j.InputBytes, j.Format, j.KeepColumnList, j.Status, j.Reason,
            j.RowsDone, j.RowsTotal, j.RowsScored, j.RowsRejected, j.Attempts, j.CreatedAt, j.StartedAt, j.FinishedAt,
            done ? $"{self}/result" : null,
            done ? $"{self}/rejects" : null);
    }
}
