using System.Text;
using System.Text.Json.Nodes;
using Augur.Data.Ingestion;

namespace Augur.Data.Tests;

/// <summary>
/// A large plain UTF-8 CSV is read in two halves, one per thread (<c>TableIngestion.Halves.cs</c>). Each test ingests
/// the same input on one thread and in halves (the size threshold lowered to zero) and compares every file: the rows,
/// the schema, the rejects with their line numbers and the lineage must be the very bytes one thread writes, and the
/// profile the same up to rounding in the mean and the spread. When the halves cannot stand for the file (a record
/// crosses the cut, a row repeats across the halves, the second half is not UTF-8), the file is read whole, with the
/// same output byte for byte.
/// </summary>
public sealed class SplitReadingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_messy_csv_read_in_halves_gives_the_rows_types_rejects_and_line_numbers_of_one_thread()
    {
        var path = temp.Write("messy.csv", MessyCsv(rows: 8000, farDuplicates: false));

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: false);

        Assert.True(halves.ReadInHalves);
        Assert.Equal(8000 + 3, one.RowsIn); // the rows, a repeated header in each half, and the total
        Assert.True(one.Duplicates >= 40, $"duplicates: {one.Duplicates}");
        Assert.True(one.Rejected >= 30, $"rejects: {one.Rejected}");
        Assert.Equal(2, one.RepeatedHeaders);
        Assert.Equal((one.RowsIn, one.RowsOut, one.Duplicates, one.Rejected), (halves.RowsIn, halves.RowsOut, halves.Duplicates, halves.Rejected));
        // A reject from the second half names the line it came from, counted across the records that span two lines.
        var lastReject = File.ReadLines(Path.Combine(temp.Path, "halves", "messy.rejects.jsonl")).SkipLast(1).Last();
        Assert.Equal(LineOf(File.ReadAllText(path), "7807;"), (int)JsonNode.Parse(lastReject)!["line"]!);
    }

    [Fact]
    public async Task Rows_of_the_second_half_that_repeat_the_first_are_dropped_and_not_counted_in_the_types()
    {
        var path = temp.Write("messy.csv", MessyCsv(rows: 6000, farDuplicates: true));

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: false);

        Assert.True(halves.ReadInHalves);
        Assert.True(one.Duplicates >= 40);
        Assert.Equal(one.Duplicates, halves.Duplicates);
    }

    [Fact]
    public async Task Repeats_in_a_table_without_an_identifier_are_kept_in_halves_as_one_thread_keeps_them()
    {
        // Survey answers from a few choices: most rows repeat an earlier one, near it and far from it.
        var random = new Random(5);
        var text = new StringBuilder("city;visits;plan\n");
        var lines = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 6000; i++)
        {
            var line = $"{(i % 4) switch { 0 => "Berlin", 1 => "Hamburg", 2 => "Köln", _ => "Bonn" }};{random.Next(60)};{(random.Next(3) == 0 ? "pro" : "free")}";
            lines.Add(line);
            text.Append(line).Append('\n');
        }

        var path = temp.Write("survey.csv", text.ToString());

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: false, DuplicatePolicy.KeepWithoutIdentifier);

        Assert.True(halves.ReadInHalves);
        Assert.Equal((6000L, 0L, 6000L - lines.Count), (one.RowsOut, one.Duplicates, one.DuplicatesKept));
        Assert.Equal((one.RowsOut, one.DuplicatesKept), (halves.RowsOut, halves.DuplicatesKept));
    }

    [Fact]
    public async Task Repeats_in_a_table_with_an_identifier_are_dropped_in_halves_when_repeats_may_be_kept()
    {
        var path = temp.Write("messy.csv", MessyCsv(rows: 6000, farDuplicates: true));

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: false, DuplicatePolicy.KeepWithoutIdentifier);

        Assert.True(halves.ReadInHalves);
        Assert.Equal(Schema.ColumnType.Identifier, one.TypeOf("id"));
        Assert.True(one.Duplicates >= 40);
        Assert.Equal((one.Duplicates, 0L), (halves.Duplicates, halves.DuplicatesKept));
    }

    [Fact]
    public async Task A_repeated_row_that_alone_breaks_an_identifier_does_not_break_it_when_dropped()
    {
        // The last row repeats the first exactly: one reader drops it before looking at its values, so "order_id"
        // stays unique (an identifier); counting it would have made the column look like repeated numbers.
        var text = new StringBuilder("order_id;amount\n");
        for (var i = 1; i <= 3000; i++)
        {
            text.Append(i).Append(';').Append(i % 7).Append(",5\n");
        }

        text.Append("1;1,5\n");
        var path = temp.Write("repeat.csv", text.ToString());

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: false);

        Assert.True(halves.ReadInHalves);
        Assert.Equal(1, halves.Duplicates);
        Assert.Equal(Schema.ColumnType.Identifier, one.TypeOf("order_id"));
        Assert.Equal(Schema.ColumnType.Identifier, halves.TypeOf("order_id"));
    }

    [Fact]
    public async Task A_stray_quote_that_moves_the_cut_into_a_quoted_field_sends_the_first_half_on_alone()
    {
        // The unquoted "Ber"lin" makes the count of quotes odd from line 3 on, so the first line break past the middle
        // after an even count is inside a quoted field that spans two lines: no record ends at that cut.
        var text = new StringBuilder("id;city;note\n1;Berlin;ok\n2;Ber\"lin;ok\n");
        for (var i = 3; i <= 4000; i++)
        {
            text.Append(i).Append(";Hamburg;").Append(i % 2 == 0 ? $"\"two\nlines {i}\"" : $"plain {i}").Append('\n');
        }

        var path = temp.Write("stray.csv", text.ToString());

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: true);

        Assert.False(halves.ReadInHalves);
        Assert.Equal(4000, one.RowsOut);
    }

    [Fact]
    public async Task A_csv_with_a_byte_order_mark_and_windows_line_breaks_is_read_in_halves_as_one_thread_reads_it()
    {
        var text = MessyCsv(rows: 5000, farDuplicates: false).Replace("\n", "\r\n", StringComparison.Ordinal);
        var path = temp.Write("windows.csv", text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: false);

        Assert.True(halves.ReadInHalves);
        Assert.Equal(one.RowsOut, halves.RowsOut);
    }

    [Fact]
    public async Task The_last_row_alone_changes_a_type_and_a_header_repeated_after_a_duplicate_is_dropped()
    {
        // Pass 1 observes each row while the next one is read: the last row must still be observed (its "n/a yet" turns
        // "score" from integers into categories), and a repeated header right after a duplicate row must neither be
        // observed nor drop a row.
        var text = new StringBuilder("id;score\n");
        for (var i = 1; i <= 4000; i++)
        {
            text.Append(i).Append(';').Append(i % 9).Append('\n');
            if (i == 3000)
            {
                text.Append(i).Append(';').Append(i % 9).Append("\nid;score\n");
            }
        }

        var path = temp.Write("last.csv", text.Append("4001;n/a yet\n").ToString());

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: true);

        Assert.True(halves.ReadInHalves);
        Assert.Equal((4001L, 1L, 1L), (one.RowsOut, one.Duplicates, one.RepeatedHeaders));
        Assert.Equal(Schema.ColumnType.Categorical, halves.Schema.Columns.Single(c => c.Name == "score").Type);
    }

    [Fact]
    public async Task A_windows_1251_word_in_the_second_half_reads_the_file_whole_in_that_code_page()
    {
        var text = new StringBuilder("id;city;amount\n");
        for (var i = 1; i <= 6000; i++)
        {
            text.Append(i).Append(i > 5900 && i % 2 == 0 ? ";Москва;" : ";Berlin;").Append(i).Append(",5\n");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = temp.WriteBytes("late.csv", Encoding.GetEncoding(1251).GetBytes(text.ToString()));

        var (one, halves) = await IngestBothWaysAsync(path, profileExact: true);

        Assert.False(halves.ReadInHalves);
        Assert.Equal(6000, one.RowsOut);
        Assert.Contains("windows-1251", File.ReadAllText(Path.Combine(temp.Path, "halves", "lineage.json")), StringComparison.Ordinal);
    }

    /// <summary>Ingests on one thread into "one" and in halves into "halves", and compares every file they wrote.</summary>
    private async Task<(IngestedTable One, IngestedTable Halves)> IngestBothWaysAsync(string path, bool profileExact, DuplicatePolicy duplicates = DuplicatePolicy.Drop)
    {
        var one = await IngestAsync(path, "one", new IngestOptions { ParallelFromBytes = long.MaxValue, SplitFromBytes = long.MaxValue, Duplicates = duplicates });
        var halves = await IngestAsync(path, "halves", new IngestOptions { ParallelFromBytes = long.MaxValue, SplitFromBytes = 0, Duplicates = duplicates });
        var files = Directory.GetFiles(Path.Combine(temp.Path, "one")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(files, Directory.GetFiles(Path.Combine(temp.Path, "halves")).Select(Path.GetFileName).Order().ToList());
        foreach (var file in files)
        {
            var expected = File.ReadAllText(Path.Combine(temp.Path, "one", file!));
            var actual = File.ReadAllText(Path.Combine(temp.Path, "halves", file!));
            if (file!.EndsWith(".profile.json", StringComparison.Ordinal) && !profileExact)
            {
                AssertClose(JsonNode.Parse(expected), JsonNode.Parse(actual), file);
            }
            else
            {
                Assert.True(expected == actual, $"{file} differs between one thread and halves");
            }
        }

        return (one, halves);
    }

    /// <summary>The same JSON, numbers equal to 12 significant digits (the mean and spread are summed in another order).</summary>
    private static void AssertClose(JsonNode? expected, JsonNode? actual, string where)
    {
        switch (expected)
        {
            case JsonObject o:
                var other = Assert.IsType<JsonObject>(actual);
                Assert.Equal(o.Select(p => p.Key), other.Select(p => p.Key));
                foreach (var (key, value) in o)
                {
                    AssertClose(value, other[key], $"{where}.{key}");
                }

                break;
            case JsonArray a:
                var list = Assert.IsType<JsonArray>(actual);
                Assert.Equal(a.Count, list.Count);
                for (var i = 0; i < a.Count; i++)
                {
                    AssertClose(a[i], list[i], $"{where}[{i}]");
                }

                break;
            case JsonValue v when v.TryGetValue<double>(out var x) && actual is JsonValue w && w.TryGetValue<double>(out var y):
                Assert.True(Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Abs(x)), $"{where}: {x} against {y}");
                break;
            default:
                Assert.Equal(expected?.ToJsonString(), actual?.ToJsonString());
                break;
        }
    }

    private async Task<IngestedTable> IngestAsync(string path, string output, IngestOptions options)
    {
        var summary = await new Ingestor(options).IngestAsync(path, Path.Combine(temp.Path, output), CancellationToken.None);
        return Assert.Single(summary.Tables);
    }

    private static int LineOf(string text, string start) =>
        text.Split('\n').Select((line, i) => (line, i)).First(p => p.line.StartsWith(start, StringComparison.Ordinal)).i + 1;

    /// <summary>The messy CSV with the header repeated once in each half, and duplicates of the row before or of one far back.</summary>
    private static string MessyCsv(int rows, bool farDuplicates) =>
        Tests.MessyCsv.Build(
            rows,
            seed: 11,
            (random, lines) => farDuplicates ? lines[random.Next(lines.Count / 4)] : lines[^1],
            rows / 4,
            3 * rows / 4);
}
