namespace Augur.Learning.Features;

/// <summary>
/// The fixed row type that every dataset is mapped onto, so that a bundle loads in a fresh process without types
/// generated at run time. Vector sizes are set per dataset through a SchemaDefinition (<see cref="FeaturePlan"/>).
/// Only one of the three label properties is used, renamed to "Label", depending on the task.
/// </summary>
#pragma warning disable CA1819 // ML.NET maps vector columns onto array properties.
public sealed class FeatureRow
{
    /// <summary>Numeric, boolean and date slots; NaN means missing.</summary>
    public float[] Numbers { get; set; } = [];

    /// <summary>Low-cardinality categories, each prefixed with its column so one dictionary serves all.</summary>
    public string[] Categories { get; set; } = [];

    /// <summary>High-cardinality categories, prefixed like <see cref="Categories"/>, then hashed.</summary>
    public string[] Hashed { get; set; } = [];

    /// <summary>Target encodings of the high-cardinality columns (see <see cref="FeaturePlan.TargetEncodings"/>).</summary>
    public float[] Encoded { get; set; } = [];

    /// <summary>All text columns joined.</summary>
    public string Text { get; set; } = "";

    /// <summary>Regression label.</summary>
    public float Value { get; set; }

    /// <summary>Binary label: true is the second label of the bundle.</summary>
    public bool Flag { get; set; }

    /// <summary>Multiclass label: the 0-based index of the bundle label (ML.NET maps it onto a key of that index).</summary>
    public uint Class { get; set; }
}
#pragma warning restore CA1819
