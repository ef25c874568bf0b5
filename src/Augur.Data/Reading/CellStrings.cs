namespace Augur.Data.Reading;

/// <summary>
/// Reuses the strings of one column's short, repeated values (channels, cities, flags): most cells of an export
/// repeat a handful of values, and one string per distinct value instead of one per cell spares most of the
/// allocations (and garbage collections) of a large read. A column that keeps missing (identifiers) stops looking.
/// </summary>
internal sealed class CellStrings
{
    private const int MaxLength = 32;
    private const int MaxEntries = 1024;
    private const int TrialLookups = 8192;

    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private long lookups;
    private long hits;
    private bool enabled = true;

    public CellStrings() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (!enabled || value.Length > MaxLength)
        {
            return value.ToString();
        }

        lookups++;
        if (lookup.TryGetValue(value, out var cached))
        {
            hits++;
            return cached;
        }

        if (lookups >= TrialLookups && hits * 2 < lookups)
        {
            // Mostly new values (an identifier, a price): the lookup only costs time here.
            enabled = false;
            strings.Clear();
        }

        var created = value.ToString();
        if (strings.Count < MaxEntries)
        {
            strings.Add(created);
        }

        return created;
    }
}
