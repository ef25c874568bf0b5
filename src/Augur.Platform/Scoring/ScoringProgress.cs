namespace Augur.Platform.Scoring;

/// <summary>How far a batch scoring has come. <see cref="RowsTotal"/> is null while the file is still being read.</summary>
public readonly record struct ScoringProgress(long RowsDone, long? RowsTotal, long RowsRejected);
