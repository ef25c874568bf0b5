using Augur.Platform.Training;

namespace Augur.Platform.Experiments;

/// <summary>One column of a side-by-side comparison: a run's settings, its best trial and how many trials it ran.</summary>
public sealed record RunComparison(TrainingRun Run, int Trials, int Succeeded, int Failed, int Cancelled, Trial? Best);
