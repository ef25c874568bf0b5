namespace Augur.Recommend.Models;

/// <summary>The same list for everyone: items by summed training weight, ties to the smaller item id.</summary>
public sealed class PopularityRecommender : Recommender
{
    public override string Name => "popularity";

    protected override void FitCore(CancellationToken cancellationToken)
    {
    }

    protected override void ScoreUser(int user, Span<float> scores) => Popularity.CopyTo(scores);

    internal override void WriteState(BinaryWriter writer)
    {
    }

    internal override void ReadState(BinaryReader reader)
    {
    }
}
