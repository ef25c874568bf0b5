using Augur.Learning.Bundles;

namespace Augur.Platform.Deployments;

/// <summary>An endpoint's answer: which endpoint, model, target and version answered, and one outcome per row in order.</summary>
/// <param name="PredictionIds">
/// Per row, the id under which its prediction was logged, to send back what really happened; null for a row that was
/// not answered, and the whole list null when the request was not among those the log keeps.
/// </param>
public sealed record EndpointAnswer(string Endpoint, string Model, int Version, string Target, IReadOnlyList<RowOutcome> Rows, IReadOnlyList<string> Warnings,
    IReadOnlyList<Guid?>? PredictionIds = null);
