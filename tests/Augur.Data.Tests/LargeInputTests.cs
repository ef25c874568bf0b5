using System.Text;
using Augur.Data.Inference;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>What changes past the in-memory sample and caps: late encodings, spilled duplicate detection, the number fast path.</summary>
public sealed class LargeInputTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_windows_1251_file_whose_first_64_kb_are_ascii_is_read_again_as_1251_when_cyrillic_appears_late()
    {
        var text = new StringBuilder("id;city;amount\n");
        for (var i = 1; i <= 5000; i++)
        {
            text.Append(i).Append(";Berlin;").Append(i).Append(",5\n");
        }

        for (var i = 5001; i <= 5200; i++)
        {
            text.Append(i).Append(i % 2 == 0 ? ";Москва;" : ";Санкт-Петербург;").Append(i).Append(",25\n");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = temp.WriteBytes("late.csv", Encoding.GetEncoding(1251).GetBytes(text.ToString()));
        Assert.True(new FileInfo(path).Length > 1 << 16);

        var summary = await new Ingestor(new IngestOptions()).IngestAsync(path, temp.Out, CancellationToken.None);

        var table = Assert.Single(summary.Tables);
        Assert.Equal(5200, table.RowsOut);
        Assert.Equal("Москва", (string?)JsonlReader.Read(table.JsonlPath).Last()["city"]);
        Assert.Equal(ColumnType.Number, table.TypeOf("amount"));
        Assert.Contains("windows-1251", File.ReadAllText(Path.Combine(temp.Out, "lineage.json")));
    }

    [Fact]
    public void Duplicate_rows_past_the_in_memory_cap_are_found_exactly_from_the_spilled_partitions()
    {
        var hashes = Enumerable.Range(0, 3000).Select(i => new UInt128(0, (ulong)(i % 1000) * 0x9E3779B97F4A7C15UL)).ToList();
        using var duplicates = new DuplicateRows(memoryRows: 100);

        var knownAtOnce = hashes.Count(duplicates.Observe);
        var late = duplicates.Resolve(CancellationToken.None);

        Assert.True(duplicates.Spilled);
        Assert.Equal(2000, knownAtOnce + late);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => i >= 1000), Enumerable.Range(0, 3000).Select(i => duplicates.IsDuplicate(i)));
    }

    [Theory]
    [InlineData("12345,67", ',', 12345.67, false)]
    [InlineData("0,123", ',', 0.123, false)]
    [InlineData("-42", '.', -42.0, true)]
    [InlineData("999999999999999", '.', 999999999999999.0, true)]
    [InlineData("3.14159", '.', 3.14159, false)]
    public void The_plain_number_fast_path_gives_the_same_double_as_the_runtime_parser(string text, char separator, double expected, bool whole)
    {
        Assert.True(NumberParser.TryParse(text, separator, out var value, out var isWhole, out _));
        Assert.Equal(expected, value);
        Assert.Equal(whole, isWhole);
    }

    [Theory]
    [InlineData("007")]
    [InlineData("5,")]
    [InlineData("-")]
    [InlineData("1,2,3")]
    public void Values_the_fast_path_declines_are_still_judged_by_the_general_rules(string text) =>
        Assert.False(NumberParser.TryParse(text, ',', out _, out _, out _));
}
