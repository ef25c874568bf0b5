using Augur.Data.Schema;

namespace Augur.Data.Inference;

/// <summary>
/// The words a boolean column used for true and for false, so that a model trained on it answers "Yes"/"No" as the
/// data did rather than true/false. Each side takes its most frequent spelling, a word before 1/0 (ties: the first in
/// ordinal order). Plain true/false in any case needs nothing kept, and neither does a column that never says one side.
/// </summary>
internal static class BooleanSpelling
{
    public static BooleanLabels? Find(IReadOnlyDictionary<string, long> counts)
    {
        var spellings = new List<(string Text, long Count, bool Value, bool Word)>();
        foreach (var (text, count) in counts)
        {
            if (BooleanParser.TryParse(text, out var value, out var word))
            {
                spellings.Add((text, count, value, word));
            }
        }

        string? Most(bool value) => spellings
            .Where(s => s.Value == value)
            .OrderByDescending(s => s.Word)
            .ThenByDescending(s => s.Count)
            .ThenBy(s => s.Text, StringComparer.Ordinal)
            .Select(s => s.Text)
            .FirstOrDefault();

        var (yes, no) = (Most(true), Most(false));
        var plain = yes is not null && no is not null
            && yes.Equals("true", StringComparison.OrdinalIgnoreCase) && no.Equals("false", StringComparison.OrdinalIgnoreCase);
        return yes is null || no is null || plain ? null : new BooleanLabels(yes, no);
    }
}
