namespace Augur.Learning.Search;

/// <summary>
/// Stop conditions of a search; they compose: whichever comes first ends it (and so does cancellation).
/// A trial still running when <see cref="Budget"/> (less the <see cref="Reserve"/>) runs out is cancelled.
/// </summary>
public sealed record SearchLimits(TimeSpan Budget, int? MaxTrials = null)
{
    /// <summary>No new trial starts with less time than this left: it could not finish anything useful.</summary>
    public TimeSpan MinimumTrialTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>When set, new configurations are screened on subsamples first (see <see cref="SuccessiveHalving"/>); null runs every trial on all rows.</summary>
    /// <remarks>Screening trials count towards <see cref="MaxTrials"/> like any other.</remarks>
    public SuccessiveHalving? Halving { get; init; }

    /// <summary>
    /// How much of <see cref="Budget"/> to leave for what follows the search, given the durations of its best trials so
    /// far (best first, at most <see cref="TrialSearch.CandidateCount"/>; empty before one succeeded). Asked before each
    /// trial, since a better trial may cost more to refit; that trial is cut when the time left falls to it. Null keeps nothing back.
    /// </summary>
    public Func<IReadOnlyList<TimeSpan>, TimeSpan>? Reserve { get; init; }
}
