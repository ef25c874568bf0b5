namespace Augur.Data.Profiling;

/// <summary>The contract written as <c>T.profile.json</c>: what the dashboard charts for each column.</summary>
public sealed record TableProfile(string Table, long Rows, IReadOnlyList<ColumnProfile> Columns);
