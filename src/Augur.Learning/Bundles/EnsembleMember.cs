namespace Augur.Learning.Bundles;

/// <summary>One model of an ensemble: the trial it comes from, its trainer and its weight (weights sum to 1).</summary>
public sealed record EnsembleMember(int Trial, string Trainer, double Weight);
