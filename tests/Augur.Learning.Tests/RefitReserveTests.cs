using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class RefitReserveTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    [Fact]
    public void Cheap_refits_keep_back_their_measured_cost_plus_the_importance_share_and_a_margin()
    {
        var reserve = new RefitReserve(Budget, folds: 1, refit: true, fitsLastFold: false);

        // Adult at 10 minutes: trials of about half a second on a holdout; 15 % kept back 90 s of 600.
        var kept = reserve.For([.. Enumerable.Repeat(TimeSpan.FromSeconds(0.5), 10)]);

        Assert.Equal(TimeSpan.FromSeconds(30 + 12 + (3 * 0.75)), kept);
        Assert.Equal(TimeSpan.FromSeconds(42), reserve.For([]));
    }

    [Fact]
    public void Only_the_best_few_trials_are_reserved_for_and_a_trial_measured_elsewhere_counts_its_last_fold_fit()
    {
        var inProcess = new RefitReserve(Budget, folds: 5, refit: true, fitsLastFold: false);
        var isolated = new RefitReserve(Budget, folds: 5, refit: true, fitsLastFold: true);
        var noRefit = new RefitReserve(Budget, folds: 5, refit: false, fitsLastFold: false);
        TimeSpan[] best = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(100)];

        Assert.Equal(TimeSpan.FromSeconds(42 + (3 * 3)), inProcess.For(best));
        Assert.Equal(TimeSpan.FromSeconds(42 + (3 * 5)), isolated.For(best));
        Assert.Equal(TimeSpan.FromSeconds(42), noRefit.For(best));
    }

    [Fact]
    public void A_run_that_tries_matrix_scaling_keeps_its_share_as_well()
    {
        var scales = new RefitReserve(Budget, folds: 5, refit: true, fitsLastFold: false, scales: true);

        Assert.Equal(TimeSpan.FromSeconds(42 + 12), scales.For([]));
        Assert.Equal(TimeSpan.FromSeconds(42 + 12 + 3), scales.For([TimeSpan.FromSeconds(10)]));
    }

    [Fact]
    public void Expensive_refits_never_take_more_than_the_cap_from_the_search()
    {
        var reserve = new RefitReserve(Budget, folds: 5, refit: true, fitsLastFold: true);

        var kept = reserve.For([TimeSpan.FromMinutes(5)]);

        Assert.Equal(Budget * RefitReserve.MaximumShare, kept);
    }
}
