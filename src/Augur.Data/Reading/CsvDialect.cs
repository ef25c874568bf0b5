namespace Augur.Data.Reading;

/// <summary>
/// What the sniffer decided about a delimited file. <see cref="Preamble"/> counts the non-blank records above the
/// table; <see cref="FirstRow"/> is the table's first record (the header when <see cref="HasHeader"/>).
/// </summary>
internal sealed record CsvDialect(char Delimiter, char Quote, bool HasHeader, int FieldCount, int Preamble, IReadOnlyList<string> FirstRow);
