using System.Text.Json.Nodes;
using Augur.Platform.Models;

namespace Augur.Platform.Deployments;

/// <summary>Rows an endpoint answered, to be scored again by a shadow version off the request path.</summary>
public sealed record ShadowRequest(Guid DeploymentId, ModelVersion Version, IReadOnlyList<JsonObject> Rows);
