using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class MessyStructureTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Title_and_comment_lines_above_the_header_are_skipped_and_named_in_the_lineage()
    {
        var input = temp.Write("export.csv", "# CRM export\nSales report;;;\nGenerated 01.04.2024\n\nid;city;amount\n1;Oslo;10,5\n2;Rome;3,25\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(["id", "city", "amount"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(2, table.RowsOut);
        Assert.Equal(0, table.Rejected);
        Assert.Equal(ColumnType.Number, table.TypeOf("amount"));
        var lineage = File.ReadAllText(Path.Combine(temp.Out, "lineage.json"));
        Assert.Contains("\"preambleLinesSkipped\": \"3\"", lineage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_repeated_inside_the_data_is_dropped_and_counted_so_the_row_counts_still_add_up()
    {
        var input = temp.Write("pasted.csv", "name,age\nAnn,31\nBob,42\nname,age\nCid,25\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(3, table.RowsOut);
        Assert.Equal(1, table.RepeatedHeaders);
        Assert.Equal(0, table.Rejected);
        Assert.Equal(ColumnType.Integer, table.TypeOf("age"));
        Assert.Equal(table.RowsIn, table.RowsOut + table.Duplicates + table.Rejected + table.RepeatedHeaders);
    }

    [Theory]
    [InlineData("Total")]
    [InlineData("Итого:")]
    [InlineData("GRAND TOTAL")]
    public async Task A_trailing_summary_row_is_rejected_with_a_clear_reason_not_dropped(string label)
    {
        var input = temp.Write("sales.csv", $"region,amount\nNorth,10\nSouth,20\n{label},30\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(2, table.RowsOut);
        Assert.Equal(1, table.Rejected);
        var reject = JsonlReader.Read(Path.Combine(temp.Out, "sales.rejects.jsonl")).Single();
        Assert.Equal(4, reject["line"]!.GetValue<long>());
        Assert.Equal($"{label},30", reject["raw"]!.GetValue<string>());
        Assert.Contains("summary row", reject["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ColumnType.Integer, table.TypeOf("amount"));
    }

    [Fact]
    public async Task A_value_that_merely_contains_total_is_kept_as_data()
    {
        var input = temp.Write("items.csv", "item,qty\nTotal Gym,1\nTotally Fresh,2\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(2, table.RowsOut);
        Assert.Equal(0, table.Rejected);
    }
}
