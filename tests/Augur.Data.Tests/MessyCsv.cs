using System.Globalization;
using System.Text;

namespace Augur.Data.Tests;

/// <summary>
/// A messy semicolon CSV for the tests that compare one thread with two: decimal commas; quoted cells holding the
/// delimiter and line breaks (so records span lines), case variants of a category, missing tokens, dates, exact
/// duplicates, ragged rows, the header repeated inside the data, and a total at the end.
/// </summary>
internal static class MessyCsv
{
    /// <param name="duplicate">Picks the row that every 97th row (past the first 2,000) repeats, from the rows so far.</param>
    /// <param name="headerAfter">The rows after which the header is repeated.</param>
    public static string Build(int rows, int seed, Func<Random, List<string>, string> duplicate, params int[] headerAfter)
    {
        var random = new Random(seed);
        var cities = new[] { "Berlin", "berlin ", "Hamburg", "München", "Köln" };
        var text = new StringBuilder("id;city;amount;day;note\n");
        var lines = new List<string>();
        for (var i = 1; i <= rows; i++)
        {
            string line;
            if (i % 97 == 0 && lines.Count > 2000)
            {
                line = duplicate(random, lines);
            }
            else
            {
                var amount = random.Next(5) == 0 ? "NA" : (random.Next(100_000) / 100.0).ToString("0.##", CultureInfo.InvariantCulture).Replace('.', ',');
                var day = new DateTime(2024, 1, 1).AddDays(random.Next(700)).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
                var note = (i % 13) switch
                {
                    0 => $"\"two\nlines; and a delimiter {i}\"",
                    1 => $"\"quoted \"\"{i}\"\"\"",
                    2 => "-",
                    _ => $"note {i % 50}",
                };
                line = i % 211 == 0
                    ? $"{i};{cities[i % cities.Length]};{amount}" // ragged: a reject
                    : $"{i};{cities[i % cities.Length]};{amount};{day};{note}";
            }

            lines.Add(line);
            text.Append(line).Append('\n');
            if (headerAfter.Contains(i))
            {
                text.Append("id;city;amount;day;note\n");
            }
        }

        text.Append("Total;;123,5;;\n");
        return text.ToString();
    }
}
