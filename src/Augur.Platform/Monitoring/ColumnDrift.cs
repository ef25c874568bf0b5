namespace Augur.Platform.Monitoring;

/// <summary>How far recent inputs of one column are from the training data (<see cref="DriftCheck"/>).</summary>
/// <param name="Column">The column's name.</param>
/// <param name="Index">The population stability index: under 0.1 stable, from 0.25 changed a lot.</param>
/// <param name="Level">The index in words.</param>
/// <param name="Importance">How much the model relies on the column (permutation importance; 0 when unknown).</param>
/// <param name="Sentence">What changed most, in words.</param>
/// <param name="Buckets">The training and recent shares of each bucket of values.</param>
public sealed record ColumnDrift(string Column, double Index, DriftLevel Level, double Importance, string Sentence, IReadOnlyList<DriftBucket> Buckets);

/// <summary>One bucket of a column's values: its share of the training rows and of the recent predictions.</summary>
public sealed record DriftBucket(string Label, double Training, double Recent);

/// <summary>How much a column's inputs moved away from the training data.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Augur.Data.Schema.CamelCaseEnumConverter<DriftLevel>))]
public enum DriftLevel
{
    Stable,
    Shifting,
    Changed,
}
