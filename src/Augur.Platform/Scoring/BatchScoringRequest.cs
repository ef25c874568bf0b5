namespace Augur.Platform.Scoring;

/// <summary>
/// One file to score. <see cref="WorkDirectory"/> receives the clean JSONL (deleted by the caller).
/// <see cref="RejectsPath"/> null means a row that does not fit the model fails the whole scoring (the local
/// `augur predict`); with a path, such rows are written there and the others are scored.
/// </summary>
public sealed record BatchScoringRequest(string InputPath, string WorkDirectory, string OutputPath, ScoringFormat Format)
{
    public string? RejectsPath { get; init; }

    /// <summary>Input columns to copy beside each prediction, besides the identifiers Augur finds itself.</summary>
    public IReadOnlyList<string> KeepColumns { get; init; } = [];

    /// <summary>How the input is named in messages (the uploaded name, not a server path).</summary>
    public string? DisplayName { get; init; }

    /// <summary>Reason codes per row written beside each prediction (the local `augur predict --explain`); 0 for none.</summary>
    public int Reasons { get; init; }
}

/// <summary>What a scoring did: every row read was either scored or rejected.</summary>
public sealed record BatchScoringOutcome(long RowsScored, long RowsRejected, IReadOnlyList<string> KeyColumns);
