using Augur.Recommend.Data;

namespace Augur.Recommend.Models;

/// <summary>Item-item co-occurrence computed on demand from the user rows (no n × n matrix).</summary>
public static class ItemSimilarity
{
    /// <summary>Binary co-occurrence counts of <paramref name="item"/> with every item.</summary>
    public static void CoCounts(InteractionMatrix train, int[] colPtr, int[] colRows, int item, Span<float> counts)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(colPtr);
        ArgumentNullException.ThrowIfNull(colRows);
        counts.Clear();
        for (var p = colPtr[item]; p < colPtr[item + 1]; p++)
        {
            foreach (var other in train.ItemsOf(colRows[p]))
            {
                counts[other] += 1f;
            }
        }
    }

    /// <summary>Cosine of the binary user vectors: shared customers / √(customers of a × customers of b).</summary>
    public static void Cosine(InteractionMatrix train, int item, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(train);
        var (colPtr, rows, _) = train.Transpose();
        CoCounts(train, colPtr, rows, item, scores);
        var self = colPtr[item + 1] - colPtr[item];
        for (var j = 0; j < scores.Length; j++)
        {
            var other = colPtr[j + 1] - colPtr[j];
            scores[j] = scores[j] == 0 ? 0 : scores[j] / MathF.Sqrt((float)self * other);
        }
    }
}
