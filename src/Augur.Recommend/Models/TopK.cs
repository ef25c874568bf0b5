namespace Augur.Recommend.Models;

/// <summary>The k best of a score vector: higher score first, ties to the smaller index; -∞ means "never".</summary>
public static class TopK
{
    public static ScoredItem[] Select(ReadOnlySpan<float> scores, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var items = new int[k];
        var values = new float[k];
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            if (float.IsNegativeInfinity(s) || float.IsNaN(s))
            {
                continue;
            }

            // Scanning ascending indices, a tie never beats an item already kept.
            if (count == k && !(s > values[k - 1]))
            {
                continue;
            }

            var slot = count < k ? count++ : k - 1;
            while (slot > 0 && s > values[slot - 1])
            {
                items[slot] = items[slot - 1];
                values[slot] = values[slot - 1];
                slot--;
            }

            items[slot] = i;
            values[slot] = s;
        }

        var result = new ScoredItem[count];
        for (var j = 0; j < count; j++)
        {
            result[j] = new ScoredItem(items[j], values[j]);
        }

        return result;
    }
}
