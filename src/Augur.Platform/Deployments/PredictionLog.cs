namespace Augur.Platform.Deployments;

/// <summary>
/// One logged (sampled) prediction of an endpoint, for the monitoring that reads them later. Input and output are
/// JSON cut to a few KB, so the table stays small per row.
/// </summary>
public sealed class PredictionLog
{
    public const int MaxJsonChars = 4000;

    public long Id { get; private set; }

    public Guid DeploymentId { get; private set; }

    public Guid ModelVersionId { get; private set; }

    public int Version { get; private set; }

    /// <summary>True for a shadow version's answer, which the caller never saw.</summary>
    public bool Shadow { get; private set; }

    public DateTime At { get; private set; }

    public double LatencyMs { get; private set; }

    public string Input { get; private set; } = "";

    public string? Output { get; private set; }

    public string? Error { get; private set; }

    private PredictionLog() { }

    public static PredictionLog Create(Guid deploymentId, Guid versionId, int version, bool shadow, DateTime at, double latencyMs, string input, string? output, string? error) => new()
    {
        DeploymentId = deploymentId,
        ModelVersionId = versionId,
        Version = version,
        Shadow = shadow,
        At = at,
        LatencyMs = latencyMs,
        Input = Cut(input)!,
        Output = Cut(output),
        Error = Cut(error),
    };

    private static string? Cut(string? text) => text is { Length: > MaxJsonChars } ? text[..MaxJsonChars] : text;
}
