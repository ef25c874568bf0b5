using System.Text.Json;

namespace Augur.Data.Schema;

/// <summary>The contract written next to every table as <c>T.schema.json</c>: row count plus typed columns.</summary>
public sealed record TableSchema(long Rows, IReadOnlyList<ColumnSchema> Columns)
{
    public ColumnSchema? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// This schema with <paramref name="names"/> marked <see cref="ColumnRole.Ignored"/>: kept in the data, never learned
    /// from. A name that is not a column is passed over; callers check names against the columns first, to say so.
    /// </summary>
    public TableSchema Ignoring(IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return this;
        }

        var ignored = names.ToHashSet(StringComparer.Ordinal);
        return this with { Columns = [.. Columns.Select(c => ignored.Contains(c.Name) ? c with { Role = ColumnRole.Ignored } : c)] };
    }

    public async Task SaveAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, AugurJson.Options, cancellationToken);
    }

    public static async Task<TableSchema> LoadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<TableSchema>(stream, AugurJson.Options, cancellationToken)
            ?? throw new InvalidDataException($"{path}: the schema file is empty.");
    }
}
