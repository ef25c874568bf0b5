namespace Augur.Data.Lineage;

/// <summary>A source file as stored (SHA-256 of its bytes, before any decompression) and how it was read.</summary>
public sealed record SourceLineage(string Path, string Sha256, long Bytes, IReadOnlyDictionary<string, string> Reader);
