using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Features;

/// <summary>
/// Maps raw JSON rows onto <see cref="FeatureRow"/>: which column goes to which slot and how. Stored in the bundle
/// so that serving encodes rows exactly as training did.
/// </summary>
public sealed record FeaturePlan(IReadOnlyList<FeatureInput> Inputs, int NumberSlots, int CategorySlots, int HashedSlots, bool HasText)
{
    /// <summary>Above this many distinct values in training, a categorical is hashed instead of one-hot encoded.</summary>
    public const int MaxOneHotValues = 100;

    internal const string Missing = "\u0000missing";

    // Made on first use and remade when the plan is copied with other inputs (`with`); a race only makes it twice.
    private CategoryKeys? _keys;

    private CategoryKeys Keys()
    {
        var keys = _keys;
        if (keys is null || !ReferenceEquals(keys.Inputs, Inputs))
        {
            keys = new CategoryKeys(Inputs, Missing);
            _keys = keys;
        }

        return keys;
    }

    /// <summary>
    /// Target encodings of the hashed (high-cardinality) columns (one per class and column for multiclass tasks); each trial uses
    /// either these or the hashing (the search's "targetEncoding" choice). Empty in bundles from before this existed.
    /// </summary>
    public IReadOnlyList<TargetEncoding> TargetEncodings { get; init; } = [];

    /// <summary>The key a raw value is counted under for target encoding: its text, or a marker for missing.</summary>
    internal static string Key(JsonObject row, string column) =>
        row.TryGetPropertyValue(column, out var node) && !FieldReader.IsMissing(node) ? FieldReader.ReadText(node!) : Missing;

    public static FeaturePlan Build(IReadOnlyList<ColumnSchema> inputs, IReadOnlyList<JsonObject> rows)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(rows);
        var planned = new List<FeatureInput>();
        int numbers = 0, categories = 0, hashed = 0;
        foreach (var column in inputs)
        {
            var encoding = column.Type switch
            {
                ColumnType.Integer or ColumnType.Number => FeatureEncoding.Numeric,
                ColumnType.Boolean => FeatureEncoding.Boolean,
                ColumnType.Date => FeatureEncoding.Date,
                ColumnType.DateTime => FeatureEncoding.DateTime,
                ColumnType.Text => FeatureEncoding.Text,
                _ => DistinctCount(column.Name, rows) > MaxOneHotValues ? FeatureEncoding.Hashed : FeatureEncoding.OneHot,
            };
            var slot = encoding switch
            {
                FeatureEncoding.OneHot => categories++,
                FeatureEncoding.Hashed => hashed++,
                FeatureEncoding.Text => 0,
                _ => numbers,
            };
            numbers += encoding switch
            {
                FeatureEncoding.Numeric or FeatureEncoding.Boolean => 1,
                FeatureEncoding.Date => 4,
                FeatureEncoding.DateTime => 5,
                _ => 0,
            };
            planned.Add(new FeatureInput(column, encoding, slot));
        }

        return new FeaturePlan(planned, numbers, categories, hashed, planned.Any(p => p.Encoding == FeatureEncoding.Text));
    }

    /// <summary>Input columns of a schema: features that are not the target and not identifiers.</summary>
    public static IReadOnlyList<ColumnSchema> InputsOf(TableSchema schema, string target)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Columns.Where(c =>
            c.Role == ColumnRole.Feature && !IsIdentifier(c) && !string.Equals(c.Name, target, StringComparison.Ordinal))];
    }

    /// <summary>The identifiers of a schema other than the target: never inputs, whatever their role says.</summary>
    public static IReadOnlyList<string> IdentifiersOf(TableSchema schema, string target)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return [.. schema.Columns.Where(c => IsIdentifier(c) && !string.Equals(c.Name, target, StringComparison.Ordinal)).Select(c => c.Name)];
    }

    private static bool IsIdentifier(ColumnSchema column) => column.Role == ColumnRole.Identifier || column.Type == ColumnType.Identifier;

    /// <summary>Encodes one raw row, adding an error for each mistyped field and (if asked) each missing required one.</summary>
    public FeatureRow Encode(JsonObject row, int rowNumber, List<InputError> errors, bool enforceRequired = true)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Encode(new ObjectFields(row, Inputs), rowNumber, errors, enforceRequired);
    }

    /// <summary>
    /// As <see cref="Encode(JsonObject, int, List{InputError}, bool)"/>, for a row held as cells in the order of
    /// <paramref name="layout"/>'s columns: no JSON object per row and no lookup by name per field.
    /// </summary>
    public FeatureRow Encode(JsonNode?[] cells, CellLayout layout, int rowNumber, List<InputError> errors)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(layout);
        if (!ReferenceEquals(layout.Inputs, Inputs))
        {
            throw new ArgumentException("The layout was made for another feature plan.", nameof(layout));
        }

        return Encode(new CellFields(cells, layout), rowNumber, errors, enforceRequired: true);
    }

    /// <summary>
    /// As <see cref="Encode(JsonNode?[], CellLayout, int, List{InputError})"/>, into a row made by this plan before
    /// (its arrays are cleared first, so it encodes exactly as a new one): batch scoring reuses its rows across batches.
    /// </summary>
    internal FeatureRow Encode(JsonNode?[] cells, CellLayout layout, int rowNumber, List<InputError> errors, FeatureRow? into)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(layout);
        if (!ReferenceEquals(layout.Inputs, Inputs))
        {
            throw new ArgumentException("The layout was made for another feature plan.", nameof(layout));
        }

        return Encode(new CellFields(cells, layout), rowNumber, errors, enforceRequired: true, into);
    }

    /// <summary>Where each input column sits among <paramref name="columns"/>, for <see cref="Encode(JsonNode?[], CellLayout, int, List{InputError})"/>.</summary>
    public CellLayout Layout(IReadOnlyList<string> columns) => new(Inputs, columns);

    /// <summary>
    /// Why a row with a blank (or absent) field that training never saw blank is refused: the reason says so, since a
    /// person scoring a file sees other rows with the same field blank scored when training did see it blank.
    /// </summary>
    public const string RequiredMessage = "is required: the model learned only from rows that have it";

    private FeatureRow Encode<TFields>(TFields row, int rowNumber, List<InputError> errors, bool enforceRequired, FeatureRow? into = null)
        where TFields : IRowFields
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = Reset(into) ?? new FeatureRow
        {
            Numbers = new float[NumberSlots],
            Categories = new string[CategorySlots],
            Hashed = new string[HashedSlots],
            Encoded = new float[TargetEncodings.Count],
        };
        // Custom features are computed from the raw row first; a field of the same name in the row never counts.
        var computed = Compute(row);

        foreach (var encoding in TargetEncodings)
        {
            var node = computed is not null && computed.TryGetValue(encoding.Column, out var value) ? value : row.Named(encoding.Column);
            result.Encoded[encoding.Slot] = encoding.Encode(FieldReader.IsMissing(node) ? Missing : FieldReader.ReadText(node!));
        }

        List<string>? texts = null;
        var keys = Keys();
        for (var index = 0; index < Inputs.Count; index++)
        {
            var input = Inputs[index];
            var node = computed is not null && computed.TryGetValue(input.Column.Name, out var value) ? value : row.Input(index);
            if (FieldReader.IsMissing(node))
            {
                if (enforceRequired && !input.Column.Nullable && input.Expression is null)
                {
                    errors.Add(new InputError(rowNumber, input.Column.Name, RequiredMessage));
                }

                WriteMissing(result, input, keys, index);
                continue;
            }

            if (!TryWrite(result, input, node!, keys, index, ref texts))
            {
                if (input.Expression is not null)
                {
                    // A custom feature whose value on this row is of another kind (text where a number was seen) is missing.
                    WriteMissing(result, input, keys, index);
                    continue;
                }

                errors.Add(new InputError(rowNumber, input.Column.Name,
                    $"expected {FieldReader.Expected(input.Column.Type)} but got {FieldReader.Describe(node!)}"));
                WriteMissing(result, input, keys, index);
            }
        }

        result.Text = texts is null ? "" : string.Join(" . ", texts);
        return result;
    }

    /// <summary>A reused row cleared to what a new one holds (zeros and nulls), or null when it has other sizes.</summary>
    private FeatureRow? Reset(FeatureRow? row)
    {
        if (row is null || row.Numbers.Length != NumberSlots || row.Categories.Length != CategorySlots
            || row.Hashed.Length != HashedSlots || row.Encoded.Length != TargetEncodings.Count)
        {
            return null;
        }

        Array.Clear(row.Numbers);
        Array.Clear(row.Categories);
        Array.Clear(row.Hashed);
        Array.Clear(row.Encoded);
        row.Text = "";
        row.Value = 0;
        row.Flag = false;
        row.Class = 0;
        return row;
    }

    /// <summary>The custom features' values for a raw row, by feature name; null when the plan has none.</summary>
    internal Dictionary<string, JsonNode?>? Compute(JsonObject row) => Compute(new ObjectFields(row, Inputs));

    private Dictionary<string, JsonNode?>? Compute<TFields>(TFields row)
        where TFields : IRowFields
    {
        Dictionary<string, JsonNode?>? computed = null;
        foreach (var input in Inputs)
        {
            if (input.Expression is not null)
            {
                computed ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                computed[input.Column.Name] = input.Compute(row.Named);
            }
        }

        return computed;
    }

    /// <summary>The raw fields of one row, by input (its index in <see cref="Inputs"/>) or by column name.</summary>
    private interface IRowFields
    {
        JsonNode? Input(int index);

        JsonNode? Named(string name);
    }

    private readonly struct ObjectFields(JsonObject row, IReadOnlyList<FeatureInput> inputs) : IRowFields
    {
        public JsonNode? Input(int index) => Named(inputs[index].Column.Name);

        public JsonNode? Named(string name) => row.TryGetPropertyValue(name, out var node) ? node : null;
    }

    private readonly struct CellFields(JsonNode?[] cells, CellLayout layout) : IRowFields
    {
        public JsonNode? Input(int index) => layout.InputPositions[index] is var at and >= 0 && at < cells.Length ? cells[at] : null;

        public JsonNode? Named(string name) => layout.Positions.TryGetValue(name, out var at) && at < cells.Length ? cells[at] : null;
    }

    /// <summary>The ML.NET schema of <see cref="FeatureRow"/> for this plan; the label is typed for the task.</summary>
    public SchemaDefinition Definition(TaskKind task, int classes)
    {
        var definition = SchemaDefinition.Create(typeof(FeatureRow));
        SetVector(definition, nameof(FeatureRow.Numbers), NumberDataViewType.Single, NumberSlots);
        SetVector(definition, nameof(FeatureRow.Categories), TextDataViewType.Instance, CategorySlots);
        SetVector(definition, nameof(FeatureRow.Hashed), TextDataViewType.Instance, HashedSlots);
        SetVector(definition, nameof(FeatureRow.Encoded), NumberDataViewType.Single, TargetEncodings.Count);
        if (!HasText)
        {
            definition.Remove(definition[nameof(FeatureRow.Text)]);
        }

        var label = task switch
        {
            TaskKind.Binary => nameof(FeatureRow.Flag),
            TaskKind.Multiclass => nameof(FeatureRow.Class),
            _ => nameof(FeatureRow.Value),
        };
        foreach (var name in new[] { nameof(FeatureRow.Flag), nameof(FeatureRow.Class), nameof(FeatureRow.Value) }.Where(n => n != label))
        {
            definition.Remove(definition[name]);
        }

        if (task == TaskKind.Multiclass)
        {
            definition[label].ColumnType = new KeyDataViewType(typeof(uint), classes);
        }

        definition[label].ColumnName = "Label";
        return definition;
    }

    private static void SetVector(SchemaDefinition definition, string name, PrimitiveDataViewType type, int size)
    {
        // A zero-size vector would mean "variable size" to ML.NET, so an unused vector is left out instead.
        if (size == 0)
        {
            definition.Remove(definition[name]);
        }
        else
        {
            definition[name].ColumnType = new VectorDataViewType(type, size);
        }
    }

    private static void WriteMissing(FeatureRow row, FeatureInput input, CategoryKeys keys, int index)
    {
        switch (input.Encoding)
        {
            case FeatureEncoding.OneHot:
                row.Categories[input.Slot] = keys.Missing(index);
                break;
            case FeatureEncoding.Hashed:
                row.Hashed[input.Slot] = keys.Missing(index);
                break;
            case FeatureEncoding.Text:
                break;
            default:
                Array.Fill(row.Numbers, float.NaN, input.Slot, SlotCount(input.Encoding));
                break;
        }
    }

    private static bool TryWrite(FeatureRow row, FeatureInput input, JsonNode node, CategoryKeys keys, int index, ref List<string>? texts)
    {
        switch (input.Encoding)
        {
            case FeatureEncoding.Numeric:
                if (!FieldReader.TryReadNumber(node, out var number))
                {
                    return false;
                }

                row.Numbers[input.Slot] = (float)number;
                return true;
            case FeatureEncoding.Boolean:
                if (!FieldReader.TryReadBoolean(node, out var flag))
                {
                    return false;
                }

                row.Numbers[input.Slot] = flag ? 1 : 0;
                return true;
            case FeatureEncoding.Date or FeatureEncoding.DateTime:
                if (!FieldReader.TryReadDate(node, out var date))
                {
                    return false;
                }

                WriteDate(row.Numbers, input.Slot, date, input.Encoding == FeatureEncoding.DateTime);
                return true;
            case FeatureEncoding.OneHot:
                row.Categories[input.Slot] = keys.For(index, FieldReader.ReadText(node));
                return true;
            case FeatureEncoding.Hashed:
                row.Hashed[input.Slot] = keys.For(index, FieldReader.ReadText(node));
                return true;
            default:
                (texts ??= []).Add(FieldReader.ReadText(node));
                return true;
        }
    }

    private static void WriteDate(float[] numbers, int slot, DateTime date, bool withHour)
    {
        numbers[slot++] = date.Year;
        numbers[slot++] = date.Month;
        numbers[slot++] = (int)date.DayOfWeek;
        if (withHour)
        {
            numbers[slot++] = date.Hour;
        }

        numbers[slot] = (float)(date - DateTime.UnixEpoch).TotalDays;
    }

    private static int SlotCount(FeatureEncoding encoding) => encoding switch
    {
        FeatureEncoding.Date => 4,
        FeatureEncoding.DateTime => 5,
        _ => 1,
    };

    private static int DistinctCount(string column, IReadOnlyList<JsonObject> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.TryGetPropertyValue(column, out var node) && !FieldReader.IsMissing(node))
            {
                seen.Add(FieldReader.ReadText(node!));
                if (seen.Count > MaxOneHotValues)
                {
                    break;
                }
            }
        }

        return seen.Count;
    }
}
