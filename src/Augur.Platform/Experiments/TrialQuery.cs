using Augur.Learning.Training;

namespace Augur.Platform.Experiments;

/// <summary>
/// How to sort and filter a list of trials. <see cref="Sort"/> is "score" (the <see cref="Metric"/>, best first),
/// "number", "duration" or "started"; <see cref="Order"/> ("asc" or "desc") overrides the natural direction.
/// <see cref="Min"/> and <see cref="Max"/> bound the value of <see cref="Metric"/>, which defaults to the metric the
/// run ranks trials by.
/// </summary>
public sealed record TrialQuery(
    string? Sort = null,
    string? Order = null,
    string? Metric = null,
    string? Trainer = null,
    TrialStatus? Status = null,
    double? Min = null,
    double? Max = null)
{
    public static readonly IReadOnlyList<string> Sorts = ["score", "number", "duration", "started"];

    internal string SortOrDefault => string.IsNullOrWhiteSpace(Sort) ? "score" : Sort.Trim().ToLowerInvariant();

    internal void Validate()
    {
        if (!Sorts.Contains(SortOrDefault))
        {
            throw new PlatformValidationException("sort", $"Cannot sort by '{Sort}'. Choose one of: {string.Join(", ", Sorts)}.");
        }

        if (Order is not null && Order is not ("asc" or "desc"))
        {
            throw new PlatformValidationException("order", $"The order must be 'asc' or 'desc', not '{Order}'.");
        }

        if (Min is { } min && Max is { } max && min > max)
        {
            throw new PlatformValidationException("min", $"The minimum ({min}) is larger than the maximum ({max}).");
        }

        if ((Min is { } a && !double.IsFinite(a)) || (Max is { } b && !double.IsFinite(b)))
        {
            throw new PlatformValidationException("min", "The minimum and maximum must be finite numbers.");
        }
    }
}
