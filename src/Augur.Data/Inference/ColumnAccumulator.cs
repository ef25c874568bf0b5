namespace Augur.Data.Inference;

/// <summary>
/// Everything pass 1 learns about one column, streamed over every value (not a sample). Memory is bounded:
/// value counts stop growing at <see cref="DistinctCap"/> and the uniqueness set at <see cref="UniqueCap"/>.
/// </summary>
internal sealed class ColumnAccumulator(bool allowDecimalComma)
{
    public const int DistinctCap = 10_000;
    public const int UniqueCap = 1_000_000;

    private HashSet<ulong>? unique = [];

    public long NonMissing { get; private set; }

    public NumberCandidate Dot { get; } = new('.');

    public NumberCandidate Comma { get; } = new(',') { Possible = allowDecimalComma };

    public bool CanBoolean { get; private set; } = true;

    public bool SawBooleanWord { get; private set; }

    public DateFamily Dates { get; private set; } = DateFamily.All;

    public bool SawTime { get; private set; }

    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public bool DistinctCapped { get; private set; }

    /// <summary>No value repeated (exact up to <see cref="UniqueCap"/> distinct values, assumed beyond it).</summary>
    public bool Unique { get; private set; } = true;

    public bool AnyWhitespace { get; private set; }

    public int MaxLength { get; private set; }

    public long TotalLength { get; private set; }

    public void Observe(string? value)
    {
        if (value is null)
        {
            return;
        }

        NonMissing++;
        TotalLength += value.Length;
        MaxLength = Math.Max(MaxLength, value.Length);
        if (!AnyWhitespace && value.AsSpan().ContainsAny(' ', '\t', '\n'))
        {
            AnyWhitespace = true;
        }

        Dot.Observe(value);
        Comma.Observe(value);
        if (CanBoolean)
        {
            CanBoolean = BooleanParser.TryParse(value, out _, out var word);
            SawBooleanWord |= word && CanBoolean;
        }

        if (Dates != DateFamily.None)
        {
            Dates &= DateParser.Families(value, out var hasTime);
            SawTime |= hasTime;
        }

        CountValue(value);
    }

    private void CountValue(string value)
    {
        if (Counts.TryGetValue(value, out var count))
        {
            Counts[value] = count + 1;
            Unique = false;
            unique = null;
            return;
        }

        if (Counts.Count < DistinctCap)
        {
            Counts[value] = 1;
        }
        else
        {
            DistinctCapped = true;
        }

        if (unique is not null)
        {
            if (!unique.Add(Hashing.Hash(value, 0x51_7C_C1_B7_27_22_0A_95UL)))
            {
                Unique = false;
                unique = null;
            }
            else if (unique.Count >= UniqueCap)
            {
                unique = null;
            }
        }
    }
}
