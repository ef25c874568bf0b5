namespace Augur.Learning.Search;

/// <summary>
/// Early stopping's count (<see cref="SearchLimits.Patience"/>): how many trials in a row have not beaten the best loss
/// by at least a share of it. A smaller gain still makes a trial the best one; it only does not reset the count, so a
/// search crawling along a plateau stops as one that found nothing would.
/// </summary>
public sealed class ProgressCounter(double minimumImprovement)
{
    // The loss a trial must beat to count as progress.
    private double _mark = double.PositiveInfinity;

    /// <summary>Trials recorded since the last one that made progress (all of them, before one did).</summary>
    public int TrialsWithoutProgress { get; private set; }

    /// <summary>Records a finished trial on all rows by its loss (infinity for a failed one).</summary>
    public void Record(double loss)
    {
        if (loss < _mark)
        {
            TrialsWithoutProgress = 0;
            _mark = loss - (Math.Abs(loss) * minimumImprovement);
        }
        else
        {
            TrialsWithoutProgress++;
        }
    }

    /// <summary>The count after <paramref name="losses"/>, in the order the trials were numbered.</summary>
    public static int Count(IEnumerable<double> losses, double minimumImprovement)
    {
        var counter = new ProgressCounter(minimumImprovement);
        foreach (var loss in losses)
        {
            counter.Record(loss);
        }

        return counter.TrialsWithoutProgress;
    }
}
