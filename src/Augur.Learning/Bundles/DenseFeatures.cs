using Augur.Learning.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Bundles;

/// <summary>
/// Writes a tree model's dense "Features" vector straight from a <see cref="FeatureRow"/>, without the feature half of
/// the model: every step of that half is fixed at training (the mean that fills a missing number, its missing flag,
/// the one-hot slot of each category), so it is read once here and applied as array writes. ML.NET's one-hot bag
/// hashes each "column=value" string again for every row; here a category is one dictionary lookup.
/// </summary>
/// <remarks>
/// Made only for the feature half <see cref="FeaturePipeline.Build"/> makes, from the steps it knows (missing flags,
/// mean filling, one-hot bags, the concatenation) over numbers, categories and target encodings, and only when a
/// self-check over generated rows (missing numbers, infinities, unseen and empty categories) writes every slot to the
/// bit as the feature half does. Otherwise (hashing, text, an unknown step or any differing slot) it is not made.
/// </remarks>
internal sealed class DenseFeatures
{
    private const string FeaturesColumn = FeaturePipeline.FeaturesColumn;
    private const string Filled = FeaturePipeline.NumbersFilled;
    private const string Missing = FeaturePipeline.NumbersMissing;
    private const string Categories = FeaturePipeline.CategoriesEncoded;

    private static readonly HashSet<string> KnownSteps = new(StringComparer.Ordinal)
    {
        "MissingValueIndicatorTransformer", "TypeConvertingTransformer", "MissingValueReplacingTransformer",
        "OneHotEncodingTransformer", "ValueToKeyMappingTransformer", "KeyToVectorMappingTransformer",
        "ColumnConcatenatingTransformer",
    };

    private readonly int _length;
    private readonly int _filledAt;
    private readonly int _missingAt;
    private readonly int _categoriesAt;
    private readonly int _encodedAt;
    private readonly float[] _fill;
    private readonly Dictionary<string, int> _slots;

    private DenseFeatures(int length, int filledAt, int missingAt, int categoriesAt, int encodedAt, float[] fill, Dictionary<string, int> slots)
    {
        _length = length;
        _filledAt = filledAt;
        _missingAt = missingAt;
        _categoriesAt = categoriesAt;
        _encodedAt = encodedAt;
        _fill = fill;
        _slots = slots;
    }

    /// <summary>The length of the "Features" vector.</summary>
    public int Length => _length;

    /// <summary>
    /// The writer for <paramref name="features"/> (the feature half of a model cut by <see cref="DenseScoring"/>) over
    /// rows of <paramref name="input"/>'s schema, or null with the reason it was not made.
    /// </summary>
    public static (DenseFeatures? Writer, string Reason) TryCreate(MLContext ml, ITransformer features, IReadOnlyList<ITransformer> steps, SchemaDefinition input)
    {
        if (steps.Select(s => s.GetType().Name).FirstOrDefault(n => !KnownSteps.Contains(n)) is { } unknown)
        {
            return (null, $"step {unknown}");
        }

        var empty = ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), input);
        var schema = features.GetOutputSchema(empty.Schema);
        if (schema.GetColumnOrNull(FeaturesColumn) is not { Type: VectorDataViewType { Size: > 0 } vector })
        {
            return (null, "no Features vector");
        }

        if (schema.GetColumnOrNull(FeaturePipeline.HashedEncoded) is not null || schema.GetColumnOrNull(FeaturePipeline.TextFeatures) is not null)
        {
            return (null, "hashed or text features");
        }

        // The parts in FeaturePipeline.Parts's order; the target encodings are a part when the sizes say so. The
        // concatenation does not show its inputs, so the self-check below is what proves the layout.
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var part in new[] { Filled, Missing, Categories })
        {
            if (schema.GetColumnOrNull(part) is not { } column)
            {
                continue;
            }

            if (column.Type is not VectorDataViewType { Size: > 0, ItemType: NumberDataViewType } partType)
            {
                return (null, $"part {part} is not a float vector");
            }

            at[part] = offset;
            offset += partType.Size;
        }

        int filledAt = at.GetValueOrDefault(Filled, -1), missingAt = at.GetValueOrDefault(Missing, -1), categoriesAt = at.GetValueOrDefault(Categories, -1), encodedAt = -1;

        if (offset != vector.Size && schema.GetColumnOrNull(nameof(FeatureRow.Encoded)) is { Type: VectorDataViewType { Size: var encoded } })
        {
            encodedAt = offset;
            offset += encoded;
        }

        if (offset != vector.Size || (filledAt < 0) != (missingAt < 0))
        {
            return (null, "parts do not add up to Features");
        }

        var fill = filledAt < 0 ? [] : FillValues(ml, features, input, ((VectorDataViewType)schema[Filled].Type).Size);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        if (categoriesAt >= 0)
        {
            var names = default(VBuffer<ReadOnlyMemory<char>>);
            var categories = schema[Categories];
            if (categories.Annotations.Schema.GetColumnOrNull("SlotNames") is null)
            {
                return (null, "one-hot slots have no names");
            }

            categories.GetSlotNames(ref names);
            var i = 0;
            foreach (var name in names.DenseValues())
            {
                slots.TryAdd(name.ToString(), i++);
            }
        }

        var writer = new DenseFeatures(vector.Size, filledAt, missingAt, categoriesAt, encodedAt, fill, slots);
        return writer.SameAsModel(ml, features, input, [.. slots.Keys]) is { } differs ? (null, differs) : (writer, "");
    }

    /// <summary>Writes <paramref name="row"/>'s features into <paramref name="destination"/> (<see cref="Length"/> floats).</summary>
    public void Write(FeatureRow row, Span<float> destination)
    {
        destination.Clear();
        if (_filledAt >= 0)
        {
            var numbers = row.Numbers;
            var filled = destination.Slice(_filledAt, _fill.Length);
            var missing = destination.Slice(_missingAt, _fill.Length);
            for (var i = 0; i < filled.Length; i++)
            {
                var value = numbers[i];
                if (float.IsNaN(value))
                {
                    filled[i] = _fill[i];
                    missing[i] = 1;
                }
                else
                {
                    filled[i] = value;
                }
            }
        }

        if (_categoriesAt >= 0)
        {
            // A bag counts: two columns giving the same key add up, as ML.NET's bag does.
            foreach (var key in row.Categories)
            {
                if (key is not null && _slots.TryGetValue(key, out var slot))
                {
                    destination[_categoriesAt + slot] += 1;
                }
            }
        }

        if (_encodedAt >= 0)
        {
            row.Encoded.AsSpan().CopyTo(destination[_encodedAt..]);
        }
    }

    // The mean (or other fill) of each number slot: what the fitted half writes for a row with every number missing.
    private static float[] FillValues(MLContext ml, ITransformer features, SchemaDefinition input, int size)
    {
        var row = Blank(input);
        Array.Fill(row.Numbers, float.NaN);
        var fill = new float[size];
        Read(ml, features, input, [row], Filled, (_, values) => values.CopyTo(fill));
        return fill;
    }

    /// <summary>Null when this writer writes every slot of generated rows to the bit as the feature half does, else where it differs.</summary>
    private string? SameAsModel(MLContext ml, ITransformer features, SchemaDefinition input, IReadOnlyList<string> keys)
    {
        var random = new Random(20261126);
        float[] numbers = [float.NaN, 0, -0f, 1, -1, 0.5f, 1e-30f, 3.4e38f, float.PositiveInfinity, float.NegativeInfinity, 42];
        string[] odd = ["", "never=seen", "x"];
        var rows = new List<FeatureRow>();
        for (var r = 0; r < 400; r++)
        {
            var row = Blank(input);
            for (var i = 0; i < row.Numbers.Length; i++)
            {
                row.Numbers[i] = random.Next(3) == 0 ? numbers[random.Next(numbers.Length)] : (float)(random.NextDouble() * 200 - 100);
            }

            for (var i = 0; i < row.Categories.Length; i++)
            {
                row.Categories[i] = keys.Count > 0 && random.Next(5) > 0 ? keys[random.Next(keys.Count)] : odd[random.Next(odd.Length)];
            }

            for (var i = 0; i < row.Encoded.Length; i++)
            {
                row.Encoded[i] = numbers[random.Next(numbers.Length)];
            }

            rows.Add(row);
        }

        var mine = new float[_length];
        string? differs = null;
        Read(ml, features, input, rows, FeaturesColumn, (r, values) =>
        {
            Write(rows[r], mine);
            for (var i = 0; i < _length && differs is null; i++)
            {
                if (BitConverter.SingleToInt32Bits(mine[i]) != BitConverter.SingleToInt32Bits(values[i]))
                {
                    differs = $"slot {i} of generated row {r}: {mine[i]} instead of {values[i]}";
                }
            }
        });
        return differs;
    }

    private static void Read(MLContext ml, ITransformer features, SchemaDefinition input, IReadOnlyList<FeatureRow> rows, string column, Action<int, float[]> each)
    {
        var data = ml.Data.LoadFromEnumerable(rows, input);
        var mapper = features.GetRowToRowMapper(data.Schema);
        var output = mapper.OutputSchema[column];
        using var cursor = data.GetRowCursor(mapper.GetDependencies([output]));
        using var row = mapper.GetRow(cursor, [output]);
        var getter = row.GetGetter<VBuffer<float>>(output);
        var buffer = default(VBuffer<float>);
        var dense = new float[((VectorDataViewType)output.Type).Size];
        var r = 0;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            buffer.CopyTo(dense);
            each(r++, dense);
        }
    }

    // A row of the bundle's shape: its vectors as long as the schema says, the label fields at their defaults.
    private static FeatureRow Blank(SchemaDefinition input)
    {
        int Size(string name) => input.FirstOrDefault(c => c.ColumnName == name)?.ColumnType is VectorDataViewType { Size: var size } ? size : 0;
        return new FeatureRow
        {
            Numbers = new float[Size(nameof(FeatureRow.Numbers))],
            Categories = Enumerable.Repeat("", Size(nameof(FeatureRow.Categories))).ToArray(),
            Hashed = Enumerable.Repeat("", Size(nameof(FeatureRow.Hashed))).ToArray(),
            Encoded = new float[Size(nameof(FeatureRow.Encoded))],
        };
    }
}
