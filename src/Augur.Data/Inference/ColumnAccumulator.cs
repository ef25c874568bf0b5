using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Data.Inference;

/// <summary>
/// Everything pass 1 learns about one column, streamed over every value (not a sample). Memory is bounded whatever
/// the row count: value counts stop growing at <see cref="DistinctCap"/> keys (long values are keyed by a prefix
/// and a hash), and the uniqueness set at <see cref="UniqueCap"/>; both caps shrink as the table gets wider.
/// </summary>
internal sealed class ColumnAccumulator(bool allowDecimalComma, int columnCount)
{
    private const int MaxKeyLength = 256;
    private const int TotalDistinctBudget = 2_000_000;
    private const int TotalUniqueBudget = 1_000_000;

    private const ulong FilterSeed = 0x2545_F491_4F6C_DD1DUL;
    private const int FilterWords = 1 << 11; // 16 KB: stays in the core's cache

    private HashSet<ulong>? unique = [];

    // Built once the counts stop growing (DistinctCapped): two bits per counted key, so that a value that is not
    // among them (an identifier or an amount past the cap: most cells of such a column) skips the dictionary, whose
    // lookups miss the cache (profiled: counting was the largest single cost of pass 1).
    private ulong[]? countedKeys;
    private Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>>? countsBySpan;

    public int DistinctCap { get; } = Math.Clamp(TotalDistinctBudget / Math.Max(1, columnCount), 1_000, 10_000);

    /// <summary>Past this many distinct values a column still unique is assumed to stay unique.</summary>
    public int UniqueCap { get; } = Math.Clamp(TotalUniqueBudget / Math.Max(1, columnCount), 10_000, 250_000);

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

    private bool IsFractional =>
        (Dot.Possible || Comma.Possible) && (!Dot.Possible || !Dot.AllWhole) && (!Comma.Possible || !Comma.AllWhole);

    public void Observe(string? value)
    {
        if (value is not null)
        {
            Observe(value.AsSpan());
        }
    }

    /// <summary>One present value, trimmed; a string is made only for a value new to the (capped) counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Observe(ReadOnlySpan<char> value)
    {
        NonMissing++;
        TotalLength += value.Length;
        MaxLength = Math.Max(MaxLength, value.Length);
        if (!AnyWhitespace && value.ContainsAny(' ', '\t', '\n'))
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

        if (unique is not null && (AnyWhitespace || IsFractional))
        {
            // Neither free text nor fractional numbers can be identifiers: stop spending memory on them.
            unique = null;
        }

        if (value.Length <= MaxKeyLength)
        {
            CountValue(value);
        }
        else
        {
            CountValue($"{value[..200]}…#{Hashing.Hash(value, 0):x16}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountValue(ReadOnlySpan<char> value)
    {
        var counts = countsBySpan ??= Counts.GetAlternateLookup<ReadOnlySpan<char>>();
        if (DistinctCapped && unique is not null)
        {
            // Still unique past the count cap (an identifier so far): every count is 1 and the value is new unless
            // the uniqueness set says otherwise, so the (missing) count lookup is skipped.
            if (unique.Add(Hashing.Hash(value, 0x51_7C_C1_B7_27_22_0A_95UL)))
            {
                if (unique.Count >= UniqueCap)
                {
                    unique = null;
                }

                return;
            }

            Unique = false;
            unique = null;
            ref var repeated = ref CollectionsMarshal.GetValueRefOrNullRef(counts, value);
            if (!Unsafe.IsNullRef(ref repeated))
            {
                repeated++;
            }

            return;
        }

        if (countedKeys is not null && !MayBeCounted(countedKeys, value))
        {
            return; // past the cap and not a counted key: the lookup would miss, and a miss changes nothing now
        }

        // One hash lookup per value (this runs on every cell): find the slot, or add one while under the cap.
        ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(counts, value);
        if (!Unsafe.IsNullRef(ref count))
        {
            count++;
            Unique = false;
            unique = null;
            return;
        }

        if (Counts.Count < DistinctCap)
        {
            Counts.Add(value.ToString(), 1);
        }
        else if (!DistinctCapped)
        {
            DistinctCapped = true;
            countedKeys = new ulong[FilterWords];
            foreach (var key in Counts.Keys)
            {
                var h = Hashing.Hash(key, FilterSeed);
                countedKeys[(int)(h >> 12) & (FilterWords - 1)] |= FilterBits(h);
            }
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

    /// <summary>
    /// Adds what another accumulator saw in the rows after this one's (the second half of a file split for two threads).
    /// Exact while the value counts and the uniqueness set are under their caps; past them, as for one reader, the
    /// counts and the uniqueness are estimates. Neither accumulator observes anything afterwards.
    /// </summary>
    public void Merge(ColumnAccumulator later)
    {
        Unique = Unique && later.Unique && !SharesAValueWith(later);
        unique = null;
        countedKeys = null;
        NonMissing += later.NonMissing;
        TotalLength += later.TotalLength;
        MaxLength = Math.Max(MaxLength, later.MaxLength);
        AnyWhitespace |= later.AnyWhitespace;
        Dot.Merge(later.Dot);
        Comma.Merge(later.Comma);
        CanBoolean &= later.CanBoolean;
        SawBooleanWord |= later.SawBooleanWord;
        Dates &= later.Dates;
        SawTime |= later.SawTime;
        foreach (var (value, count) in later.Counts)
        {
            ref var mine = ref CollectionsMarshal.GetValueRefOrAddDefault(Counts, value, out var exists);
            if (exists || (!DistinctCapped && Counts.Count <= DistinctCap))
            {
                mine += count;
            }
            else
            {
                Counts.Remove(value); // past the cap a new value is not counted, as one reader would not count it
                DistinctCapped = true;
            }
        }

        DistinctCapped |= later.DistinctCapped;
    }

    /// <summary>A value seen in both halves repeats, which one reader would have noticed.</summary>
    private bool SharesAValueWith(ColumnAccumulator later)
    {
        var (small, large) = Counts.Count <= later.Counts.Count ? (Counts, later.Counts) : (later.Counts, Counts);
        if (small.Keys.Any(large.ContainsKey))
        {
            return true;
        }

        return unique is not null && later.unique is not null && later.unique.Overlaps(unique);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MayBeCounted(ulong[] filter, ReadOnlySpan<char> value)
    {
        var h = Hashing.Hash(value, FilterSeed);
        var bits = FilterBits(h);
        return (filter[(int)(h >> 12) & (FilterWords - 1)] & bits) == bits;
    }

    private static ulong FilterBits(ulong h) => (1UL << (int)(h & 63)) | (1UL << (int)((h >> 6) & 63));
}
