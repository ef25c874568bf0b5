namespace Augur.Learning.Training;

/// <summary>
/// How much of a run's budget the search leaves for what follows it: the refits of the best trials on all rows, the
/// permutation importance and the bundle. It follows the measured durations of the best trials so far instead of a flat
/// share: refitting a boosted model usually takes seconds, and the flat 15 % this replaces ended 10-minute runs at
/// 516–530 s of their 600 (docs/benchmarks.md). The search asks again before each trial (<see cref="Search.SearchLimits.Reserve"/>).
/// </summary>
/// <param name="budget">The run's whole budget.</param>
/// <param name="folds">Validation folds of a trial: a refit fits about one fold's share of the trial's work, on more rows.</param>
/// <param name="refit">Whether the members are refitted on all rows at all (<see cref="TrainingRequest.Refit"/>).</param>
/// <param name="fitsLastFold">
/// Whether each member's last fold is fitted again after the search: the trials' runner kept no models
/// (<see cref="Search.ITrialRunnerFactory.KeepsModels"/>).
/// </param>
/// <param name="scales">Whether matrix scaling is tried after the search (calibrated multiclass runs): its share is kept too.</param>
internal sealed class RefitReserve(TimeSpan budget, int folds, bool refit, bool fitsLastFold, bool scales = false)
{
    /// <summary>
    /// Members whose refits are reserved for: the best trials so far. Served ensembles hold 2–5 trials with most of the
    /// weight on the best few; a member whose refit does not fit serves its cross-validation models instead.
    /// </summary>
    public const int Members = 3;

    /// <summary>
    /// A refit on all rows is estimated at this many times one fold's share of its trial: it fits all the rows where a fold
    /// fitted 80 % or (k−1)/k of them, and trial times vary (the estimate the refits themselves have always used).
    /// </summary>
    public const double RefitFactor = 1.5;

    /// <summary>
    /// Kept for what is not estimated (ensemble selection, writing the bundle, a cancelled fit still winding down). A share,
    /// not seconds: a 3-second run must still have time for a trial, and the contract allows 10 s either side anyway.
    /// </summary>
    public const double MarginShare = 0.02;

    /// <summary>
    /// However slow the refits, the search keeps at least the rest of the budget: refits that do not fit in this are
    /// skipped (their members serve cross-validation models), so the run still ends within its budget.
    /// </summary>
    public const double MaximumShare = 0.2;

    /// <summary>The estimated time of refitting on all rows a trial that took <paramref name="trial"/> over <paramref name="folds"/> folds.</summary>
    public static TimeSpan RefitCost(TimeSpan trial, int folds) => trial / Math.Max(1, folds) * RefitFactor;

    /// <summary>
    /// The importance's share of the budget (it is never given less) plus the margin, and matrix scaling's where it is
    /// tried: what even a free refit leaves.
    /// </summary>
    public TimeSpan Floor => (budget * (AutoTrainer.ImportanceShare + MarginShare)) + (scales ? Trainers.MatrixScalingFit.Allowance(budget) : TimeSpan.Zero);

    /// <summary>The time to keep back given the durations of the best trials so far, best first.</summary>
    public TimeSpan For(IEnumerable<TimeSpan> best)
    {
        ArgumentNullException.ThrowIfNull(best);
        var fits = TimeSpan.Zero;
        foreach (var trial in best.Take(Members))
        {
            fits += (refit ? RefitCost(trial, folds) : TimeSpan.Zero) + (fitsLastFold ? trial / Math.Max(1, folds) : TimeSpan.Zero);
        }

        var wanted = Floor + fits;
        var cap = budget * MaximumShare;
        return wanted < cap ? wanted : cap;
    }
}
