using Microsoft.ML.Data;

namespace Augur.Learning.Bundles;

#pragma warning disable CA1819 // ML.NET maps vector columns onto array properties.

/// <summary>The output read from a binary model: the calibrated probability of the second label.</summary>
internal sealed class BinaryScore
{
    public float Probability { get; set; }
}

/// <summary>The output read from a multiclass model: one score per label, in label order.</summary>
internal sealed class MulticlassScore
{
    [ColumnName("Score")]
    public float[] Scores { get; set; } = [];
}

/// <summary>The output read from a regression model.</summary>
internal sealed class RegressionScore
{
    public float Score { get; set; }
}
#pragma warning restore CA1819

#pragma warning disable CA1819
/// <summary>The per-slot contributions of the "Features" vector to one row's raw score.</summary>
internal sealed class ContributionScore
{
    public float[] FeatureContributions { get; set; } = [];
}
#pragma warning restore CA1819
