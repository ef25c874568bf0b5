namespace Augur.Learning.Search;

/// <summary>
/// Stop conditions of a search; they compose: whichever comes first ends it (and so does cancellation).
/// A trial still running when <see cref="Budget"/> runs out is cancelled.
/// </summary>
public sealed record SearchLimits(TimeSpan Budget, int? MaxTrials = null)
{
    /// <summary>No new trial starts with less time than this left: it could not finish anything useful.</summary>
    public TimeSpan MinimumTrialTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>When set, new configurations are screened on subsamples first (see <see cref="SuccessiveHalving"/>); null runs every trial on all rows.</summary>
    /// <remarks>Screening trials count towards <see cref="MaxTrials"/> like any other.</remarks>
    public SuccessiveHalving? Halving { get; init; }
}
