using System.Text.Json.Nodes;

namespace Augur.Learning.Bundles;

/// <summary>
/// One file that holds everything needed to score raw rows: the input schema and cleaning rules, the feature
/// pipeline, the model, the labels and the metrics. Loads in a fresh process. Predict is thread-safe.
/// </summary>
public sealed class ModelBundle : IDisposable
{
    public BundleInfo Info => throw new NotImplementedException();

    public Task SaveAsync(Stream destination, CancellationToken cancellationToken) => throw new NotImplementedException();

    public static Task<ModelBundle> LoadAsync(Stream source, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <exception cref="InvalidInputException">A required field is missing or has the wrong type.</exception>
    public IReadOnlyList<RowPrediction> Predict(IReadOnlyList<JsonObject> rows) => throw new NotImplementedException();

    public void Dispose() { }
}
