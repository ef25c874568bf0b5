using Augur.Learning.Training;
using Augur.Platform;
using Augur.Platform.Experiments;

namespace Augur.Web.Experiments;

/// <summary>The query string shared by a run's trial list and the project leaderboard: the page, the sort and the filters.</summary>
public sealed record TrialListParameters(
    int? Offset = null,
    int? Limit = null,
    string? Sort = null,
    string? Order = null,
    string? Metric = null,
    string? Trainer = null,
    string? Status = null,
    double? Min = null,
    double? Max = null)
{
    public TrialQuery Query() => new(Sort, Order, Metric, Trainer, ParseStatus(Status), Min, Max);

    private static TrialStatus? ParseStatus(string? status) =>
        string.IsNullOrWhiteSpace(status) ? null
        : Enum.TryParse<TrialStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new PlatformValidationException("status", $"Unknown trial status '{status}'. Use one of: {string.Join(", ", Enum.GetNames<TrialStatus>().Select(n => n.ToLowerInvariant()))}.");
}
