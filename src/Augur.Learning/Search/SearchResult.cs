using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>
/// The outcome of a search. <see cref="Leaderboard"/> lists succeeded trials best first, then the others by number.
/// <see cref="Best"/> and its settings and run are null when no trial succeeded.
/// </summary>
public sealed record SearchResult(
    IReadOnlyList<TrialResult> Leaderboard,
    TrialResult? Best,
    TrialSettings? BestSettings,
    TrialRun? BestRun,
    TimeSpan Elapsed)
{
    /// <summary>
    /// The best succeeded trials on all rows (<see cref="TrialSearch.CandidateCount"/>, and each trainer's best
    /// <see cref="TrialSearch.CandidatesPerTrainer"/>), best first, with their runs: the candidates of an ensemble.
    /// </summary>
    public IReadOnlyList<ScoredTrial> Candidates { get; init; } = [];

    /// <summary>Whether the search ended because it stopped improving (<see cref="SearchLimits.Patience"/>), not at its budget or trial cap.</summary>
    public bool StoppedEarly { get; init; }
}

/// <summary>A succeeded trial with what its runner measured.</summary>
public sealed record ScoredTrial(TrialSettings Settings, TrialRun Run, double Loss);
