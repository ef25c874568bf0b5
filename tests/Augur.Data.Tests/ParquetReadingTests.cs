using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;
using Parquet.Serialization;

namespace Augur.Data.Tests;

public sealed class ParquetReadingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public sealed class Order
    {
        public long Id { get; set; }

        public string? Channel { get; set; }

        public double? Revenue { get; set; }

        public DateTime Placed { get; set; }

        public bool Returned { get; set; }
    }

    [Fact]
    public async Task A_parquet_file_keeps_its_columns_types_and_nulls_across_row_groups()
    {
        var input = Path.Combine(temp.Path, "orders.parquet");
        var orders = Enumerable.Range(1, 50).Select(i => new Order
        {
            Id = i,
            Channel = i % 3 == 0 ? "email" : "search",
            Revenue = i % 10 == 0 ? null : i * 1.5,
            Placed = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i),
            Returned = i % 7 == 0,
        }).ToList();
        await ParquetSerializer.SerializeAsync(orders, input, new Parquet.ParquetOptions { RowGroupSize = 20 });

        var summary = await new Ingestor(new IngestOptions()).IngestAsync(input, temp.Out, CancellationToken.None);

        var table = Assert.Single(summary.Tables);
        Assert.Equal("orders", table.Name);
        Assert.Equal(50, table.RowsOut);
        Assert.Equal(ColumnType.Identifier, table.TypeOf("Id"));
        Assert.Equal(ColumnType.Categorical, table.TypeOf("Channel"));
        Assert.Equal(ColumnType.Number, table.TypeOf("Revenue"));
        Assert.True(table.Column("Revenue").Nullable);
        Assert.Equal(ColumnType.Date, table.TypeOf("Placed"));
        Assert.Equal(ColumnType.Boolean, table.TypeOf("Returned"));
        var tenth = JsonlReader.Read(table.JsonlPath).ElementAt(9);
        Assert.Null(tenth["Revenue"]);
        Assert.Equal("2024-01-11", tenth["Placed"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_corrupt_parquet_file_is_refused_naming_the_file()
    {
        var input = temp.WriteBytes("broken.parquet", [.. "PAR1"u8, 1, 2, 3, .. "PAR1"u8]);

        var ex = await Assert.ThrowsAsync<IngestException>(() =>
            new Ingestor(new IngestOptions()).IngestAsync(input, temp.Out, CancellationToken.None));

        Assert.Equal(input, ex.File);
    }
}
