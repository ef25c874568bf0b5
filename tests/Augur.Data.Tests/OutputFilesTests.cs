using System.Text.Json;
using Augur.Data.Jsonl;
using Augur.Data.Lineage;
using Augur.Data.Profiling;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class OutputFilesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private const string Messy = "id,city,amount\n1,Paris,10\n2,Rome,20\n1,Paris,10\n3,Oslo\n1, Paris ,10\n4,NA,40\n";

    [Fact]
    public async Task Exact_duplicate_rows_are_dropped_and_counted_after_trimming()
    {
        var table = await Some.IngestAsync(temp.Write("m.csv", Messy), temp.Out);

        Assert.Equal(2, table.Duplicates);
        Assert.Equal(3, table.RowsOut);
    }

    [Fact]
    public async Task Rows_in_equal_rows_out_plus_duplicates_plus_rejects()
    {
        var table = await Some.IngestAsync(temp.Write("m.csv", Messy), temp.Out);

        Assert.Equal(6, table.RowsIn);
        Assert.Equal(table.RowsIn, table.RowsOut + table.Duplicates + table.Rejected);
        Assert.Equal(table.RowsOut, Some.Lines(table.JsonlPath).Length);
        Assert.Equal(table.Rejected, Some.Lines(Path.Combine(temp.Out, "m.rejects.jsonl")).Length);
        Assert.Equal(table.RowsOut, (await TableSchema.LoadAsync(table.SchemaPath, CancellationToken.None)).Rows);
    }

    [Fact]
    public async Task The_schema_file_round_trips_with_lower_case_types()
    {
        var table = await Some.IngestAsync(temp.Write("m.csv", Messy), temp.Out, tableName: "my table!");

        Assert.Equal("my_table_", table.Name);
        var text = await File.ReadAllTextAsync(table.SchemaPath);
        Assert.Contains("\"type\": \"integer\"", text, StringComparison.Ordinal);
        Assert.Equal(table.Schema.Columns, (await TableSchema.LoadAsync(table.SchemaPath, CancellationToken.None)).Columns);
    }

    [Fact]
    public async Task The_profile_has_missing_share_distinct_counts_top_values_and_a_numeric_histogram()
    {
        var rows = string.Concat(Enumerable.Range(1, 100).Select(i => $"{i * 2},{(i % 4 == 0 ? "" : i % 2 == 0 ? "a" : "b")}\n"));
        var table = await Some.IngestAsync(temp.Write("p.csv", "n,c\n" + rows), temp.Out);

        await using var stream = File.OpenRead(Path.Combine(temp.Out, "p.profile.json"));
        var profile = await JsonSerializer.DeserializeAsync<TableProfile>(stream, AugurJson.Options);

        Assert.NotNull(profile);
        var n = profile.Columns[0];
        Assert.Equal(100, n.Distinct);
        Assert.False(n.DistinctIsLowerBound);
        Assert.Equal(ColumnType.Integer, n.Type);
        Assert.Equal(101, n.Mean!.Value, 6);
        Assert.Equal(58.023, n.Std!.Value, 3);
        Assert.Equal(2.0, ((JsonElement)n.Min!).GetDouble());
        Assert.Equal(200.0, ((JsonElement)n.Max!).GetDouble());
        Assert.All(n.Histogram!.Counts, count => Assert.Equal(5, count));
        Assert.Equal(20, n.Histogram!.Counts.Count);
        Assert.Equal(100, n.Histogram.Counts.Sum());
        var c = profile.Columns[1];
        Assert.Equal(0.25, c.MissingShare);
        Assert.Equal(2, c.Distinct);
        Assert.Equal([new ValueCount("b", 50), new ValueCount("a", 25)], c.Top);
        Assert.Null(c.Histogram);
        Assert.Equal(table.RowsOut, profile.Rows);
    }

    [Fact]
    public async Task Lineage_records_the_source_hash_size_steps_and_counts()
    {
        var input = temp.Write("m.csv", Messy);

        await Some.IngestAsync(input, temp.Out);

        await using var stream = File.OpenRead(Path.Combine(temp.Out, "lineage.json"));
        var lineage = await JsonSerializer.DeserializeAsync<LineageDocument>(stream, AugurJson.Options);
        var table = Assert.Single(lineage!.Tables);
        var source = Assert.Single(table.Sources);
        var expectedHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(input)));
        Assert.Equal(expectedHash, source.Sha256);
        Assert.Equal(new FileInfo(input).Length, source.Bytes);
        Assert.Equal(",", source.Reader["delimiter"]);
        Assert.Contains("drop exact duplicate rows", table.Steps);
        Assert.Equal((6L, 3L, 2L, 1L), (table.RowsIn, table.RowsOut, table.Duplicates, table.Rejected));
    }
}
