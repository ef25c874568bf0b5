using Augur.Data.Schema;

namespace Augur.Data.Profiling;

/// <summary>
/// One column's profile. <see cref="Distinct"/> is exact unless <see cref="DistinctIsLowerBound"/> (more distinct
/// values than the cap), and then <see cref="Top"/> counts are exact only for values first seen before the cap.
/// Min and max are numbers for numeric columns and ISO strings for dates; mean, std and the histogram are numeric only.
/// </summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long Missing,
    double MissingShare,
    long Distinct,
    bool DistinctIsLowerBound,
    object? Min,
    object? Max,
    double? Mean,
    double? Std,
    IReadOnlyList<ValueCount> Top,
    Histogram? Histogram);
