namespace Augur.Learning.Trainers.Forest;

#pragma warning disable CA1819 // ML.NET maps vector columns onto array properties.
/// <summary>The row a forest reads: the "Features" vector, its size set per model through a SchemaDefinition.</summary>
internal sealed class ForestFeatures
{
    public float[] Features { get; set; } = [];
}

/// <summary>A multiclass forest's output: the class probabilities in label order, as the other multiclass trainers write them.</summary>
internal sealed class ForestClassScores
{
    public float[] Score { get; set; } = [];
}

/// <summary>A binary forest's output, with the columns ML.NET's binary trainers write; its score is the probability too.</summary>
internal sealed class ForestBinaryScore
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}

/// <summary>A regression forest's output.</summary>
internal sealed class ForestValue
{
    public float Score { get; set; }
}
#pragma warning restore CA1819
