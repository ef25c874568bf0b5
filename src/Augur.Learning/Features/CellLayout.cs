namespace Augur.Learning.Features;

/// <summary>
/// Where a <see cref="FeaturePlan"/>'s inputs sit in rows held as cells (one array per row, in the order of
/// <see cref="Columns"/>), so that a file of millions of rows is encoded without a JSON object or a lookup by name per
/// field. Made once per file with <see cref="FeaturePlan.Layout"/>.
/// </summary>
public sealed class CellLayout
{
    internal CellLayout(IReadOnlyList<FeatureInput> inputs, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Inputs = inputs;
        Columns = columns;
        Positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            Positions.TryAdd(columns[i], i);
        }

        InputPositions = [.. inputs.Select(input => Positions.TryGetValue(input.Column.Name, out var at) ? at : -1)];
    }

    /// <summary>The cells' columns, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    internal IReadOnlyList<FeatureInput> Inputs { get; }

    /// <summary>Each column's position (the first, if a name repeats).</summary>
    internal Dictionary<string, int> Positions { get; }

    /// <summary>For each input of the plan, its position among the cells, or -1 when the rows do not have it (missing).</summary>
    internal int[] InputPositions { get; }
}
