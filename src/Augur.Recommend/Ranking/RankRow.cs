using Microsoft.ML.Data;

namespace Augur.Recommend.Ranking;

/// <summary>One (user, candidate item) row for the LambdaRank ranker; the group is the user.</summary>
public sealed class RankRow
{
    public const int FeatureCount = 13;

    public float Label { get; set; }

    public uint Group { get; set; }

    [VectorType(FeatureCount)]
    public float[] Features { get; set; } = new float[FeatureCount];
}

/// <summary>What the ranker reads when serving: features only.</summary>
public sealed class RankInput
{
    [VectorType(RankRow.FeatureCount)]
    public float[] Features { get; set; } = new float[RankRow.FeatureCount];
}

public sealed class RankScore
{
    public float Score { get; set; }
}
