namespace Augur.Platform.Scoring;

/// <summary>What to score a file with: a model, a version selector ("latest", "3", "v3", "champion"), an output format and extra columns to keep.</summary>
public sealed record StartScoringRequest(string? Model, string? Version = null, string? Format = null, IReadOnlyList<string>? KeepColumns = null);
