using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class ExcelReadingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private Task<IngestSummary> IngestAsync(string input) =>
        new Ingestor(new IngestOptions()).IngestAsync(input, temp.Out, CancellationToken.None);

    [Fact]
    public async Task A_sheet_with_a_title_block_finds_its_header_below_it_and_types_the_cells()
    {
        var input = Path.Combine(temp.Path, "report.xlsx");
        Workbooks.Write(input, ("Sales", [
            ["Sales report Q1 2024"],
            ["Exported 2024-04-01"],
            [],
            ["order_id", "region", "amount", "ordered"],
            ["A-1", "North", 10.5, "2024-01-03"],
            ["A-2", "South", 20, "2024-02-11"],
            ["A-3", "North", 7.25, "2024-03-30"],
        ]));

        var table = Assert.Single((await IngestAsync(input)).Tables);

        Assert.Equal("report_Sales", table.Name);
        Assert.Equal(["order_id", "region", "amount", "ordered"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Number, table.TypeOf("amount"));
        Assert.Equal(ColumnType.Date, table.TypeOf("ordered"));
        Assert.Equal(3, table.RowsOut);
        var first = JsonlReader.Read(table.JsonlPath).First();
        Assert.Equal(10.5, first["amount"]!.GetValue<double>());
        Assert.Equal("2024-01-03", first["ordered"]!.GetValue<string>());
        var lineage = File.ReadAllText(Path.Combine(temp.Out, "lineage.json"));
        Assert.Contains("\"headerRow\": \"4\"", lineage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_sheet_with_data_becomes_its_own_table_and_an_empty_sheet_is_ignored()
    {
        var input = Path.Combine(temp.Path, "book.xlsx");
        Workbooks.Write(
            input,
            ("Orders", [["id", "qty"], ["a", 1], ["b", 2]]),
            ("Empty", []),
            ("Customers", [["name", "city"], ["Ann", "Oslo"]]));

        var summary = await IngestAsync(input);

        Assert.Equal(["book_Orders", "book_Customers"], summary.Tables.Select(t => t.Name));
        Assert.Equal(ColumnType.Integer, summary.Tables[0].TypeOf("qty"));
    }

    [Fact]
    public async Task A_total_row_at_the_bottom_of_a_sheet_is_rejected_with_the_reason_and_its_row_number()
    {
        var input = Path.Combine(temp.Path, "totals.xlsx");
        Workbooks.Write(input, ("Лист1", [
            ["Город", "Выручка"],
            ["Москва", 100],
            ["Казань", 50],
            ["Итого", 150],
        ]));

        var table = Assert.Single((await IngestAsync(input)).Tables);

        Assert.Equal(2, table.RowsOut);
        Assert.Equal(1, table.Rejected);
        var reject = JsonlReader.Read(Path.Combine(temp.Out, $"{table.Name}.rejects.jsonl")).Single();
        Assert.Equal(4, reject["line"]!.GetValue<long>());
        Assert.Contains("Итого", reject["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_named_xlsx_that_is_not_a_workbook_is_refused_naming_the_file()
    {
        var input = temp.Write("fake.xlsx", "name,age\nAnn,3\n");

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input));

        Assert.Equal(input, ex.File);
        Assert.StartsWith(input, ex.Message, StringComparison.Ordinal);
    }
}
