using System.Text.Json.Nodes;
using Augur.Platform.Models;
using Augur.Platform.Projects;

namespace Augur.Platform.Serving;

/// <summary>Scores rows with one version of a project's model: the latest, a numbered one, or the one an alias points at.</summary>
public sealed class PredictionService(ModelService models, ModelCache cache, ProjectService projects)
{
    public const int MaxRowsPerRequest = 10_000;

    /// <exception cref="Augur.Learning.Bundles.InvalidInputException">A row is missing a field or has a wrong type.</exception>
    public Task<PredictionResult> PredictAsync(Caller caller, Guid projectId, string modelName, VersionSelector selector, IReadOnlyList<JsonObject> rows, CancellationToken cancellationToken) =>
        PredictAsync(caller, projectId, modelName, selector, rows, reasons: 0, cancellationToken);

    /// <param name="reasons">Reason codes per row (0: none); a model that cannot give them says so in the warnings.</param>
    public async Task<PredictionResult> PredictAsync(Caller caller, Guid projectId, string modelName, VersionSelector selector, IReadOnlyList<JsonObject> rows, int reasons, CancellationToken cancellationToken)
    {
        // Predicting is an editor's action: it uses the model on new data (and, once logged, writes predictions).
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        if (rows.Count == 0)
        {
            throw new PlatformValidationException("rows", "Send at least one row to predict.");
        }

        if (rows.Count > MaxRowsPerRequest)
        {
            throw new PlatformValidationException("rows", $"Send at most {MaxRowsPerRequest} rows per request; use batch scoring for more.");
        }

        // The project is authorised above; this is the hot path, so one query for the version and nothing more.
        var version = await models.ResolveAsync(projectId, modelName, selector, cancellationToken);
        var bundle = await cache.GetAsync(version, cancellationToken);
        var unknown = rows.SelectMany(bundle.UnknownFields).Distinct().Order(StringComparer.Ordinal).ToList();
        var warnings = new List<string>();
        if (unknown.Count > 0)
        {
            warnings.Add($"Ignored fields the model does not use: {string.Join(", ", unknown)}.");
        }

        if (reasons > 0 && bundle.ExplanationNote is { } note)
        {
            warnings.Add(note);
        }

        var predictions = bundle.Predict(rows, reasons);
        return new PredictionResult(modelName, version.Version, predictions, warnings);
    }
}
