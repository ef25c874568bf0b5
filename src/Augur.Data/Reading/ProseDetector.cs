namespace Augur.Data.Reading;

/// <summary>
/// Tells a <c>.txt</c> that is prose (notes, a letter, a README) from a <c>.txt</c> that is really a CSV or TSV export.
/// Prose has no delimiter that splits its lines into the same number of fields, and its lines are sentences of many
/// words; read as a table it would become one column of sentences (or a pile of ragged rows), which helps nobody.
/// </summary>
internal static class ProseDetector
{
    private const int MinWordsPerLine = 5;
    private const double MinConsistency = 0.8;

    /// <summary>
    /// Whether a delimiter splits at least 90 % of the sample's non-blank lines into the same two or more columns: the
    /// bar for a file whose name does not say it is a table (notes such as UCI's <c>adult.names</c> do not pass it).
    /// </summary>
    public static bool LooksLikeTable(string sample, bool complete, CsvDialect dialect)
    {
        if (dialect.FieldCount < 2)
        {
            return false;
        }

        var records = CsvSniffer.Tokenize(sample, dialect.Delimiter, dialect.Quote, complete)
            .Where(r => r.Any(v => !string.IsNullOrWhiteSpace(v)))
            .ToList();
        return records.Count > 0 && records.Count(r => r.Count == dialect.FieldCount) >= 0.9 * records.Count;
    }

    public static bool LooksLikeProse(string sample, bool complete, CsvDialect dialect)
    {
        var records = CsvSniffer.Tokenize(sample, dialect.Delimiter, dialect.Quote, complete)
            .Where(r => r.Any(v => !string.IsNullOrWhiteSpace(v)))
            .ToList();
        if (records.Count == 0)
        {
            return false;
        }

        var consistency = dialect.FieldCount < 2 ? 0 : (double)records.Count(r => r.Count == dialect.FieldCount) / records.Count;
        if (consistency >= MinConsistency)
        {
            return false;
        }

        var lines = sample.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return false;
        }

        var wordy = lines.Count(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length >= MinWordsPerLine);
        return wordy * 2 >= lines.Length;
    }
}
