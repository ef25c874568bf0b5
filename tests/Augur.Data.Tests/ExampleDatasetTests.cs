using Augur.Data.Ingestion;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>The messy example folder the docs walk through (examples/messy-retail) gives the tables the docs promise.</summary>
public sealed class ExampleDatasetTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task The_messy_retail_folder_becomes_orders_returns_and_two_sheet_tables_with_every_row_accounted_for()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Examples", "messy-retail");

        var summary = await new Ingestor(new IngestOptions()).IngestAsync(folder, temp.Out, CancellationToken.None);

        Assert.Equal(["orders", "returns", "summary_By_country", "summary_Notes"], summary.Tables.Select(t => t.Name));
        var orders = summary.Tables[0];
        Assert.Equal(1_200, orders.RowsOut);
        Assert.Equal(1, orders.RepeatedHeaders);
        Assert.Equal(3, orders.Sources!.Count);
        Assert.Equal(ColumnType.DateTime, orders.TypeOf("InvoiceDate"));
        Assert.Equal(ColumnType.Number, orders.TypeOf("UnitPrice"));
        var returns = summary.Tables[1];
        Assert.Equal(300, returns.RowsOut);
        Assert.Equal(1, returns.Rejected);
        Assert.Equal(ColumnType.Date, returns.TypeOf("InvoiceDate"));
        Assert.Equal(ColumnType.Number, returns.TypeOf("UnitPrice £"));
        var countries = summary.Tables[2];
        Assert.Equal(36, countries.RowsOut);
        Assert.Equal(1, countries.Rejected);
        Assert.Equal(ColumnType.Number, countries.TypeOf("Revenue"));
        Assert.All(summary.Tables, t => Assert.Equal(t.RowsIn, t.RowsOut + t.Duplicates + t.Rejected + t.RepeatedHeaders));
    }
}
