namespace Augur.Data.Reading;

/// <summary>What the sniffer decided about a delimited file.</summary>
internal sealed record CsvDialect(char Delimiter, char Quote, bool HasHeader, int FieldCount);
