using Augur.Learning.Trainers;

namespace Augur.Learning.Tests;

public sealed class PermutationImportanceTests
{
    [Theory]
    // 2,000 rows scored once in 1 s, 10 columns: 2 s pays for 400 rows per column, 100 s for all of them.
    [InlineData(2000, 1.0, 10, 2.0, 400)]
    [InlineData(2000, 1.0, 10, 100.0, 2000)]
    // However little time is left, a column is scored on at least MinimumRows rows (or all there are).
    [InlineData(2000, 1.0, 10, 0.01, PermutationImportance.MinimumRows)]
    [InlineData(50, 1.0, 10, 0.01, 50)]
    // A predictor too fast to time scores every row.
    [InlineData(2000, 0.0, 10, 0.01, 2000)]
    public void A_slow_predictor_is_scored_on_fewer_rows_so_the_importance_fits_the_time_left(int rows, double seconds, int columns, double time, int expected) =>
        Assert.Equal(expected, PermutationImportance.Affordable(rows, TimeSpan.FromSeconds(seconds), columns, TimeSpan.FromSeconds(time)));
}
