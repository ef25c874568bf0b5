using Augur.Data.Inference;

namespace Augur.Data.Reading;

/// <summary>
/// Guesses delimiter, quote and header from the first 64 KB. Each (delimiter, quote) pair tokenises the sample with
/// quotes respected (so multi-line fields count once); the pair whose records most consistently have the same
/// field count (more than one) wins. The header is guessed from types: a first row of untyped strings over
/// columns whose values are numbers or dates is a header; a first-row value that reappears in its column is data.
/// With no evidence either way the first row is taken as a header, as nearly every export has one. Before that,
/// leading records that are clearly not the table (a title, "Exported on …", a <c>#</c> comment: far fewer filled
/// fields than the table is wide) are counted as a preamble, and the header is looked for after them.
/// </summary>
internal static class CsvSniffer
{
    private const int MaxRecords = 200;
    private const int MaxPreamble = 50;
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    public static CsvDialect Sniff(string sample, bool complete, char preferredDelimiter)
    {
        (char Delimiter, char Quote, double Score, int Fields) best = (preferredDelimiter, '"', -1, 1);
        foreach (var quote in new[] { '"', '\'' })
        {
            foreach (var delimiter in Delimiters)
            {
                var counts = Tokenize(sample, delimiter, quote, complete).Select(r => r.Count).ToList();
                if (counts.Count == 0)
                {
                    continue;
                }

                var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
                if (mode.Key < 2)
                {
                    continue;
                }

                var score = (double)mode.Count() / counts.Count;
                if (delimiter == preferredDelimiter)
                {
                    score += 1e-6;
                }

                if (score > best.Score + 1e-9 || (Math.Abs(score - best.Score) < 1e-9 && mode.Key > best.Fields))
                {
                    best = (delimiter, quote, score, mode.Key);
                }
            }
        }

        var records = Tokenize(sample, best.Delimiter, best.Quote, complete);
        var preamble = 0;
        while (preamble < records.Count - 1 && preamble < MaxPreamble && IsPreamble(records[preamble], best.Fields))
        {
            preamble++;
        }

        var table = records.Skip(preamble).ToList();
        return new CsvDialect(best.Delimiter, best.Quote, HasHeader(table), best.Fields, preamble, table.Count > 0 ? table[0] : []);
    }

    /// <summary>A title or comment line above a table: a '#' line of another width, or fewer than half the fields filled.</summary>
    internal static bool IsPreamble(IReadOnlyList<string?> record, int width)
    {
        if (width < 2)
        {
            return false;
        }

        var filled = record.Count(v => !string.IsNullOrWhiteSpace(v));
        var comment = record.Count > 0 && (record[0]?.TrimStart().StartsWith('#') ?? false) && record.Count != width;
        return comment || filled < Math.Max(2, (width + 1) / 2);
    }

    private static bool HasHeader(List<List<string>> records)
    {
        if (records.Count == 0)
        {
            return false;
        }

        var first = records[0];
        // A blank name or two is allowed (pandas writes an empty name over its index column); a typed value is not.
        if (first.Any(v => IsTyped(v.Trim())) || first.Count(v => MissingValues.Normalize(v) is null) * 2 > first.Count)
        {
            return false;
        }

        var votes = 0;
        for (var column = 0; column < first.Count; column++)
        {
            var values = records.Skip(1)
                .Where(r => r.Count > column)
                .Select(r => MissingValues.Normalize(r[column]))
                .OfType<string>()
                .ToList();
            if (values.Count == 0)
            {
                continue;
            }

            if (values.Count(IsTyped) * 2 >= values.Count)
            {
                votes++;
            }
            else if (values.Contains(first[column].Trim(), StringComparer.Ordinal))
            {
                votes--;
            }
        }

        return votes >= 0;
    }

    internal static bool IsTyped(string value) =>
        NumberParser.TryParse(value, '.', out _, out _, out _)
        || NumberParser.TryParse(value, ',', out _, out _, out _)
        || DateParser.Families(value, out _) != DateFamily.None;

    /// <summary>A small quote-aware tokenizer, only for sniffing; Sylvan does the real reading.</summary>
    internal static List<List<string>> Tokenize(string text, char delimiter, char quote, bool complete)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var inQuotes = false;
        var i = 0;
        while (i < text.Length && records.Count < MaxRecords)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == quote)
                {
                    if (i + 1 < text.Length && text[i + 1] == quote)
                    {
                        field.Append(quote);
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == quote && field.Length == 0)
            {
                inQuotes = true;
            }
            else if (c == delimiter)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                if (record.Count > 1 || !string.IsNullOrWhiteSpace(record[0]))
                {
                    records.Add(record);
                }

                record = [];
            }
            else
            {
                field.Append(c);
            }

            i++;
        }

        if (complete && records.Count < MaxRecords && (record.Count > 0 || field.Length > 0))
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
