using Augur.Data.Schema;

namespace Augur.Data.Profiling;

/// <summary>
/// One column's profile. <see cref="Distinct"/> is exact unless <see cref="DistinctIsLowerBound"/> (more distinct
/// values than the cap), and then <see cref="Top"/> counts are exact only for values first seen before the cap.
/// Min and max are numbers for numeric columns and ISO strings for dates; mean, std, quantiles, outliers and the
/// histogram are numeric only. Quantiles come from a seeded sample of up to <see cref="Quantiles.SampleSize"/> values,
/// and <see cref="Outliers"/> (outside 1.5 IQR of the quartiles) is estimated from that sample when the column is
/// larger. <see cref="Flags"/> says what a person should look at: constant, likelyIdentifier, outliers, mostlyMissing.
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
    Histogram? Histogram,
    Quantiles? Quantiles = null,
    long? Outliers = null,
    IReadOnlyList<string>? Flags = null);
