using Augur.Recommend.Data;

namespace Augur.Recommend.Models;

/// <summary>
/// A fitted recommender over one training matrix. Subclasses fill a score per item for a user (and say why an
/// item was picked); this class does the rest: seen-item filtering, top-k, the popular fallback for users it
/// has never met, and similar items.
/// </summary>
public abstract class Recommender
{
    private InteractionMatrix? _train;

    public abstract string Name { get; }

    public InteractionMatrix Train => _train ?? throw new InvalidOperationException($"{Name} is not fitted.");

    /// <summary>Sum of the training weights per item: the fallback for unknown users and the basis of novelty.</summary>
    public float[] Popularity { get; private set; } = [];

    public void Fit(InteractionMatrix train, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        Attach(train);
        FitCore(cancellationToken);
    }

    /// <summary>Attaches the training matrix without fitting (a bundle restores the learned state itself).</summary>
    internal void Attach(InteractionMatrix train)
    {
        _train = train;
        Popularity = new float[train.ItemCount];
        for (var p = 0; p < train.NonZeros; p++)
        {
            Popularity[train.Cols[p]] += train.Values[p];
        }
    }

    protected abstract void FitCore(CancellationToken cancellationToken);

    /// <summary>Writes a score per item for a known user into <paramref name="scores"/> (higher is better).</summary>
    protected abstract void ScoreUser(int user, Span<float> scores);

    /// <summary>A short reason for recommending <paramref name="item"/> to <paramref name="user"/>.</summary>
    public virtual string Reason(int user, int item) => "popular with all customers";

    /// <summary>How alike two items are; by default, by the customers they share.</summary>
    protected virtual void ScoreSimilar(int item, Span<float> scores) => ItemSimilarity.Cosine(Train, item, scores);

    public void Score(int user, Span<float> scores)
    {
        if (user < 0 || user >= Train.UserCount)
        {
            Popularity.CopyTo(scores);
        }
        else
        {
            ScoreUser(user, scores);
        }
    }

    public ScoredItem[] Recommend(int user, int k, bool excludeSeen = true, bool withReasons = false)
    {
        var scores = new float[Train.ItemCount];
        Score(user, scores);
        var known = user >= 0 && user < Train.UserCount;
        if (excludeSeen && known)
        {
            foreach (var item in Train.ItemsOf(user))
            {
                scores[item] = float.NegativeInfinity;
            }
        }

        var top = TopK.Select(scores, k);
        if (withReasons)
        {
            for (var j = 0; j < top.Length; j++)
            {
                top[j] = top[j] with { Reason = known ? Reason(user, top[j].Item) : "popular with all customers" };
            }
        }

        return top;
    }

    public ScoredItem[] SimilarItems(int item, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(item, Train.ItemCount);
        var scores = new float[Train.ItemCount];
        ScoreSimilar(item, scores);
        scores[item] = float.NegativeInfinity;
        return TopK.Select(scores, k);
    }

    /// <summary>The learned state, for the bundle. The training matrix is written by the bundle itself.</summary>
    internal abstract void WriteState(BinaryWriter writer);

    internal abstract void ReadState(BinaryReader reader);

    /// <summary>The item of the user's history that contributes most to <paramref name="item"/> under <paramref name="affinity"/>.</summary>
    protected string BecauseOf(int user, int item, Func<int, int, float> affinity, string verb)
    {
        var best = -1;
        var bestScore = 0f;
        foreach (var h in Train.ItemsOf(user))
        {
            var s = affinity(h, item);
            if (s > bestScore)
            {
                best = h;
                bestScore = s;
            }
        }

        return best < 0 ? "popular with all customers" : $"{verb} {Train.Items.Ids[best]}";
    }
}
