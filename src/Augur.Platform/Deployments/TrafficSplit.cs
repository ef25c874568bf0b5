using System.Text.Json;
using Augur.Platform.Models;

namespace Augur.Platform.Deployments;

/// <summary>
/// Where an endpoint's traffic goes: weighted targets that answer, and shadow versions that also score every request
/// but whose answers are only logged. Stored as one JSON column: a split is always read and replaced whole.
/// </summary>
public sealed record TrafficSplit(IReadOnlyList<TrafficTarget> Targets, IReadOnlyList<string> Shadows)
{
    public const int MaxTargets = 10;

    public static TrafficSplit To(string version) => new([new TrafficTarget(version, 100)], []);

    /// <summary>Normalises the selectors ("V3" → "v3") and refuses splits that cannot route a request.</summary>
    public TrafficSplit Validated()
    {
        if (Targets is null || Targets.Count == 0)
        {
            throw new PlatformValidationException("targets", "Give at least one target, e.g. champion=100.");
        }

        if (Targets.Count > MaxTargets)
        {
            throw new PlatformValidationException("targets", $"A split has at most {MaxTargets} targets.");
        }

        var targets = new List<TrafficTarget>();
        foreach (var target in Targets)
        {
            if (target is null || string.IsNullOrWhiteSpace(target.Version))
            {
                throw new PlatformValidationException("targets", "Every target needs a version: a number (3 or v3), 'latest' or an alias such as 'champion'.");
            }

            if (target.Weight is < 0 or > 1000)
            {
                throw new PlatformValidationException("targets", $"The weight of '{target.Version}' must be between 0 and 1000.");
            }

            var name = VersionSelector.Parse(target.Version).ToString();
            if (targets.Any(t => t.Version == name))
            {
                throw new PlatformValidationException("targets", $"'{name}' is listed twice; give each version one weight.");
            }

            targets.Add(new TrafficTarget(name, target.Weight));
        }

        if (targets.Sum(t => t.Weight) == 0)
        {
            throw new PlatformValidationException("targets", "At least one target needs a weight above 0.");
        }

        var shadows = (Shadows ?? []).Select(s => VersionSelector.Parse(s).ToString()).Distinct().ToList();
        if (shadows.Count > MaxTargets)
        {
            throw new PlatformValidationException("shadows", $"A split has at most {MaxTargets} shadows.");
        }

        return new TrafficSplit(targets, shadows);
    }

    /// <summary>This split without one target (after it failed); null when nothing with a weight would be left.</summary>
    public TrafficSplit? Without(string version)
    {
        var rest = Targets.Where(t => t.Version != version).ToList();
        return rest.Sum(t => t.Weight) == 0 ? null : this with { Targets = rest };
    }

    public override string ToString() =>
        string.Join(", ", Targets.Select(t => $"{t.Version}={t.Weight}")) + (Shadows.Count == 0 ? "" : $"; shadow {string.Join(", ", Shadows)}");

    internal string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    internal static TrafficSplit FromJson(string json) =>
        JsonSerializer.Deserialize<TrafficSplit>(json, JsonSerializerOptions.Web) ?? throw new InvalidDataException("An endpoint's split is empty.");
}
