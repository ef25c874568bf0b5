namespace Augur.Data.Schema;

public sealed record ColumnSchema(string Name, ColumnType Type, bool Nullable, ColumnRole Role);
