namespace Augur.Learning.Features;

/// <summary>
/// A high-cardinality column's target encoding for scoring: each value's smoothed target mean (the share of positives,
/// or the mean of a number) over all training rows. Unseen values get <see cref="Prior"/>, the overall mean.
/// <see cref="Slot"/> is the column's index in <see cref="FeatureRow.Encoded"/>.
/// </summary>
public sealed record TargetEncoding(string Column, int Slot, double Prior, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>
    /// Multiclass tasks: the class this encoding is the share of (a column gets one encoding per class, see
    /// <see cref="TargetEncoder.MaxClasses"/>); null for binary and regression tasks.
    /// </summary>
    public string? Class { get; init; }

    public float Encode(string key) => (float)(Values.TryGetValue(key, out var value) ? value : Prior);
}
