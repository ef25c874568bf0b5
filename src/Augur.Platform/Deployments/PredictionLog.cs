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

    /// <summary>
    /// The id the caller got with this answer (<c>predictionId</c>), to send back what really happened; null for shadow
    /// answers and errors, which the caller never saw, and for predictions logged before ids were given.
    /// </summary>
    public Guid? PredictionId { get; private set; }

    /// <summary>What really happened, as the caller sent it back later (the target's value as text); null until then.</summary>
    public string? Outcome { get; private set; }

    public DateTime? OutcomeAt { get; private set; }

    public const int MaxOutcomeChars = 200;

    private PredictionLog() { }

    /// <summary>An outcome as it is kept: at most <see cref="MaxOutcomeChars"/> characters.</summary>
    public static string CutOutcome(string outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Length > MaxOutcomeChars ? outcome[..MaxOutcomeChars] : outcome;
    }

    public static PredictionLog Create(Guid deploymentId, Guid versionId, int version, bool shadow, DateTime at, double latencyMs, string input, string? output, string? error, Guid? predictionId = null) => new()
    {
        PredictionId = predictionId,
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
