using Augur.Learning.Bundles;

namespace Augur.Platform.Serving;

/// <summary>The answers for a batch of rows, naming the model version that produced them.</summary>
public sealed record PredictionResult(string Model, int Version, IReadOnlyList<RowPrediction> Predictions, IReadOnlyList<string> Warnings);
