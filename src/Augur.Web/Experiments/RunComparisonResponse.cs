using Augur.Platform.Experiments;
using Augur.Web.Training;

namespace Augur.Web.Experiments;

/// <summary>One run of a side-by-side comparison: its settings and result, its trial counts and its best trial.</summary>
public sealed record RunComparisonResponse(RunResponse Run, int Trials, int Succeeded, int Failed, int Cancelled, TrialResponse? BestTrial)
{
    public static RunComparisonResponse From(RunComparison c) =>
        new(RunResponse.From(c.Run), c.Trials, c.Succeeded, c.Failed, c.Cancelled, c.Best is null ? null : TrialResponse.From(c.Best));
}
