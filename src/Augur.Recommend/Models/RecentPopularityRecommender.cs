namespace Augur.Recommend.Models;

/// <summary>
/// Popularity where each interaction counts less the older it is: weight × 2^(−age / half-life), age measured
/// from the newest training event. Catches what is selling now rather than what sold all year.
/// </summary>
public sealed class RecentPopularityRecommender(TimeSpan halfLife) : Recommender
{
    private float[] _recent = [];

    public RecentPopularityRecommender() : this(TimeSpan.FromDays(14))
    {
    }

    public override string Name => "recent-popularity";

    public TimeSpan HalfLife { get; } = halfLife;

    protected override void FitCore(CancellationToken cancellationToken)
    {
        _recent = new float[Train.ItemCount];
        var seconds = HalfLife.TotalSeconds;
        for (var p = 0; p < Train.NonZeros; p++)
        {
            var age = Train.MaxTime - Train.Times[p];
            _recent[Train.Cols[p]] += Train.Values[p] * (float)Math.Pow(2, -age / seconds);
        }
    }

    protected override void ScoreUser(int user, Span<float> scores) => _recent.CopyTo(scores);

    public override string Reason(int user, int item) => "popular right now";

    internal override void WriteState(BinaryWriter writer) => BinaryState.Write(writer, _recent);

    internal override void ReadState(BinaryReader reader) => _recent = BinaryState.ReadFloats(reader);
}
