using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>
/// Exact duplicate rows: dropped by default, kept for scoring, and for training data kept unless a column identifies
/// each row (<see cref="DuplicatePolicy.KeepWithoutIdentifier"/>).
/// </summary>
public sealed class DuplicatePolicyTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Scoring_input_keeps_every_row_even_an_exact_repeat()
    {
        var input = temp.Write("score.csv", "a,b\n1,x\n1,x\n2,y\n");

        var kept = await IngestAsync(input, DuplicatePolicy.Keep);

        Assert.Equal(3, kept.RowsOut);
        Assert.Equal((0L, 0L), (kept.Duplicates, kept.DuplicatesKept));
        Assert.Equal(3, Some.Lines(kept.JsonlPath).Length);
    }

    [Fact]
    public async Task Repeats_in_a_table_without_an_identifier_are_kept_counted_and_profiled()
    {
        // 30 wines measured on two scales; 10 rows repeat an earlier one exactly, as wine-quality's do.
        var text = new StringBuilder("acidity,sugar,colour,quality\n");
        for (var i = 0; i < 30; i++)
        {
            var j = i < 20 ? i : i - 20; // rows 20-29 repeat rows 0-9
            text.Append(((60 + (j % 7)) / 10.0).ToString(CultureInfo.InvariantCulture)).Append(',').Append(j % 4).Append(',').Append(j % 3 == 0 ? "red" : "white").Append(',').Append(5 + (j % 3)).Append('\n');
        }

        var input = temp.Write("wine.csv", text.ToString());

        var dropped = await IngestAsync(input, DuplicatePolicy.Drop, "dropped");
        var kept = await IngestAsync(input, DuplicatePolicy.KeepWithoutIdentifier, "kept");

        Assert.Equal((20L, 10L, 0L), (dropped.RowsOut, dropped.Duplicates, dropped.DuplicatesKept));
        Assert.Equal((30L, 0L, 10L), (kept.RowsOut, kept.Duplicates, kept.DuplicatesKept));
        Assert.Equal(30, Some.Lines(kept.JsonlPath).Length);
        Assert.Equal(kept.RowsIn, kept.RowsOut + kept.Duplicates + kept.Rejected + kept.RepeatedHeaders);
        Assert.Equal(dropped.Schema.Columns, kept.Schema.Columns); // the same types either way
        Assert.Equal(30, kept.Schema.Rows);

        // The profile counts every row kept: "red" is rows 0, 3, ..., 18 (7) and their repeats 0, 3, 6, 9 (4).
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "kept", "wine.profile.json")))!;
        Assert.Equal(30, (long)profile["rows"]!);
        var colour = profile["columns"]!.AsArray().Single(c => (string)c!["name"]! == "colour")!;
        Assert.Equal(11, (long)colour["top"]!.AsArray().Single(v => (string)v!["value"]! == "red")!["count"]!);

        var lineage = JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Path, "kept", "lineage.json")))!["tables"]![0]!;
        Assert.Equal(10, (long)lineage["duplicatesKept"]!);
        Assert.Contains(lineage["steps"]!.AsArray(), s => ((string)s!).StartsWith("keep exact duplicate rows (10): no column identifies a row", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repeats_in_a_table_with_an_identifier_are_the_same_record_twice_and_dropped()
    {
        // Two exports pasted together: customers 1-5 appear twice. Among distinct rows the ID is unique.
        var text = new StringBuilder("customer_id,plan,spend\n");
        for (var i = 1; i <= 25; i++)
        {
            text.Append($"C{i:000},{(i % 2 == 0 ? "pro" : "free")},{i * 3}\n");
        }

        for (var i = 1; i <= 5; i++)
        {
            text.Append($"C{i:000},{(i % 2 == 0 ? "pro" : "free")},{i * 3}\n");
        }

        var table = await IngestAsync(temp.Write("customers.csv", text.ToString()), DuplicatePolicy.KeepWithoutIdentifier);

        Assert.Equal(ColumnType.Identifier, table.TypeOf("customer_id"));
        Assert.Equal((25L, 5L, 0L), (table.RowsOut, table.Duplicates, table.DuplicatesKept));
        var lineage = File.ReadAllText(Path.Combine(temp.Out, "lineage.json"));
        Assert.Contains("drop exact duplicate rows: a column identifies each row", lineage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_who_types_a_column_as_an_identifier_makes_repeats_count_as_copies()
    {
        // Five rows, too few for inference to call "code" an identifier; a person says it is one.
        var input = temp.Write("small.csv", "code,size\nA,1\nB,2\nA,1\nC,3\nD,4\n");
        var typed = new Dictionary<string, ColumnType> { ["code"] = ColumnType.Identifier };

        var inferred = await IngestAsync(input, DuplicatePolicy.KeepWithoutIdentifier, "inferred");
        var identified = await IngestAsync(input, DuplicatePolicy.KeepWithoutIdentifier, "identified", typed);

        Assert.Equal((5L, 1L), (inferred.RowsOut, inferred.DuplicatesKept));
        Assert.Equal((4L, 1L, 0L), (identified.RowsOut, identified.Duplicates, identified.DuplicatesKept));
    }

    private async Task<IngestedTable> IngestAsync(string path, DuplicatePolicy duplicates, string output = "out", IReadOnlyDictionary<string, ColumnType>? types = null)
    {
        var options = new IngestOptions { Duplicates = duplicates, ColumnTypes = types };
        var summary = await new Ingestor(options).IngestAsync(path, Path.Combine(temp.Path, output), CancellationToken.None);
        return Assert.Single(summary.Tables);
    }
}
