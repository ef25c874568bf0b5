using System.Text.Json.Serialization;

namespace Augur.Data.Schema;

public sealed record ColumnSchema(string Name, ColumnType Type, bool Nullable, ColumnRole Role)
{
    /// <summary>
    /// Boolean columns whose source said something other than true/false: the most frequent spelling of each value.
    /// Null otherwise, and left out of the file, so schemas written before it existed read the same.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BooleanLabels? Labels { get; init; }
}
