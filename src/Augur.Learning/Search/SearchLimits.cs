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
    /// far (best first: the candidates of <see cref="SearchResult.Candidates"/>; empty before one succeeded). Asked before each
    /// trial, since a better trial may cost more to refit; that trial is cut when the time left falls to it. Null keeps nothing back.
    /// </summary>
    public Func<IReadOnlyList<TimeSpan>, TimeSpan>? Reserve { get; init; }

    /// <summary>
    /// Early stopping: when set, the search ends once this many trials on all rows in a row have not beaten the best
    /// trial by at least <see cref="MinimumImprovement"/>. Screening trials (successive halving) do not count. It counts
    /// trials, not time, so a seeded run with a trial cap stops at the same trial every time. With halving, about 13 trials
    /// run for each one on all rows, so the leaderboard grows by much more than this before the search stops.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>
    /// How much a trial must lower the best loss, as a share of it, to count as an improvement for
    /// <see cref="Patience"/>: 0.001 is 0.1 %, e.g. a log loss from 0.7000 to below 0.6993. Smaller gains are the noise
    /// of a search that has found its level; they do not reset the count.
    /// </summary>
    public double MinimumImprovement { get; init; } = DefaultMinimumImprovement;

    /// <summary>The default <see cref="MinimumImprovement"/>, 0.1 %; studies spread over workers use it too.</summary>
    public const double DefaultMinimumImprovement = 0.001;
}
