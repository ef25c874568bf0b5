namespace Augur.Learning.Search;

/// <summary>What one trial runs: a trainer from the search space and values for its hyperparameters.</summary>
public sealed record TrialSettings(int Number, string Trainer, IReadOnlyDictionary<string, double> Parameters);
