namespace Augur.Data.Lineage;

/// <summary>The contract written as <c>lineage.json</c> in an ingestion's output folder: where each table came from.</summary>
public sealed record LineageDocument(IReadOnlyList<TableLineage> Tables);
