using System.Collections.Concurrent;

namespace Augur.Learning.Features;

/// <summary>
/// The "column=value" strings that one-hot and hashed columns feed to the model, made once per distinct value instead
/// of once per row: scoring a million rows would otherwise build fifteen million short strings for fifteen columns.
/// Thread-safe. A column with more distinct values than <see cref="MaxValuesPerColumn"/> builds the rest per row.
/// </summary>
internal sealed class CategoryKeys
{
    /// <summary>Enough for every one-hot column (at most <see cref="FeaturePlan.MaxOneHotValues"/> values in training, plus typos) and the common values of hashed ones.</summary>
    public const int MaxValuesPerColumn = 4_096;

    private readonly string[] _prefixes;
    private readonly string[] _missing;
    private readonly ConcurrentDictionary<string, string>[] _known;

    public CategoryKeys(IReadOnlyList<FeatureInput> inputs, string missing)
    {
        Inputs = inputs;
        _prefixes = [.. inputs.Select(i => i.Column.Name + "=")];
        _missing = [.. inputs.Select(i => i.Column.Name + "=" + missing)];
        _known = [.. inputs.Select(_ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))];
    }

    /// <summary>The plan's inputs these keys were made for (a plan copied with other inputs makes its own).</summary>
    public IReadOnlyList<FeatureInput> Inputs { get; }

    /// <summary>The key of the input at <paramref name="index"/> for <paramref name="value"/>: the same text as <c>$"{column}={value}"</c>.</summary>
    public string For(int index, string value)
    {
        var known = _known[index];
        if (known.TryGetValue(value, out var key))
        {
            return key;
        }

        key = _prefixes[index] + value;
        if (known.Count < MaxValuesPerColumn)
        {
            known.TryAdd(value, key);
        }

        return key;
    }

    public string Missing(int index) => _missing[index];
}
