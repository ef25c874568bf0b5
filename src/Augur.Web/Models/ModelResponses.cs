using Augur.Learning.Bundles;
using Augur.Platform.Models;

namespace Augur.Web.Models;

/// <param name="ServedModels">How the served model was made, e.g. "The model is refitted on all rows."; null for older versions (and bundles from before they carried it).</param>
public sealed record ModelVersionResponse(
    int Version,
    string Source,
    Guid? RunId,
    int? TrialNumber,
    Guid? DatasetId,
    string? DatasetHash,
    string Task,
    string Target,
    string Trainer,
    string Metric,
    double MetricValue,
    string? ServedModels,
    long BundleBytes,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Aliases,
    DateTime CreatedAt)
{
    public static ModelVersionResponse From(ModelVersion v, IEnumerable<ModelAlias> aliases) => new(
        v.Version,
        v.Source.ToString().ToLowerInvariant(),
        v.RunId,
        v.TrialNumber,
        v.DatasetId,
        v.DatasetHash,
        v.Task,
        v.Target,
        v.Trainer,
        v.Metric,
        v.MetricValue,
        v.ServedModels,
        v.BundleBytes,
        v.Description,
        v.Tags,
        aliases.Where(a => a.VersionId == v.Id).Select(a => a.Name).Order(StringComparer.Ordinal).ToList(),
        v.CreatedAt);
}

public sealed record AliasResponse(string Name, int Version, int? PreviousVersion, DateTime UpdatedAt)
{
    public static AliasResponse From(ModelAlias a, IReadOnlyCollection<ModelVersion> versions) => new(
        a.Name,
        versions.Single(v => v.Id == a.VersionId).Version,
        a.PreviousVersionId is { } p ? versions.SingleOrDefault(v => v.Id == p)?.Version : null,
        a.UpdatedAt);
}

/// <summary>A model in a list: its newest version and where its aliases point, without every version.</summary>
public sealed record ModelSummaryResponse(string Name, string? Description, IReadOnlyDictionary<string, string> Tags, int? LatestVersion, string? Task, string? Metric, double? MetricValue, IReadOnlyDictionary<string, Guid> AliasVersionIds, DateTime CreatedAt)
{
    public static ModelSummaryResponse From(RegisteredModel m)
    {
        var latest = m.Versions.MaxBy(v => v.Version);
        return new(m.Name, m.Description, m.Tags, latest?.Version, latest?.Task, latest?.Metric, latest?.MetricValue, m.Aliases.ToDictionary(a => a.Name, a => a.VersionId), m.CreatedAt);
    }
}

public sealed record ModelResponse(string Name, string? Description, IReadOnlyDictionary<string, string> Tags, int? LatestVersion, IReadOnlyList<AliasResponse> Aliases, IReadOnlyList<ModelVersionResponse> Versions, DateTime CreatedAt)
{
    public static ModelResponse From(RegisteredModel m)
    {
        var versions = m.Versions.OrderByDescending(v => v.Version).Select(v => ModelVersionResponse.From(v, m.Aliases)).ToList();
        var aliases = m.Aliases.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => AliasResponse.From(a, m.Versions)).ToList();
        return new ModelResponse(m.Name, m.Description, m.Tags, versions.FirstOrDefault()?.Version, aliases, versions, m.CreatedAt);
    }
}

public sealed record DescribeRequest(string? Description, Dictionary<string, string>? Tags);

public sealed record SetAliasRequest(string? Version);

/// <param name="Explain">true (3 reason codes per row) or a number of reason codes; the query's ?explain= does the same.</param>
public sealed record PredictRequest(List<System.Text.Json.Nodes.JsonObject> Rows, System.Text.Json.Nodes.JsonNode? Explain = null);

public sealed record PredictResponse(string Model, int Version, IReadOnlyList<RowPrediction> Predictions, IReadOnlyList<string> Warnings);
