namespace Augur.Data.Profiling;

public sealed record ValueCount(string Value, long Count);
