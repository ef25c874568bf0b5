using Augur.Learning.Bundles;

namespace Augur.Platform.Deployments;

/// <summary>An endpoint's answer: which endpoint, model, target and version answered, and one outcome per row in order.</summary>
public sealed record EndpointAnswer(string Endpoint, string Model, int Version, string Target, IReadOnlyList<RowOutcome> Rows, IReadOnlyList<string> Warnings);
