namespace Augur.Learning.Training;

/// <summary>Adds the ranking metric to each report, which the search loop itself does not know.</summary>
internal sealed class MetricProgress(IProgress<TrainingProgress> inner, string metric) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => inner.Report(value with { Metric = metric });
}
