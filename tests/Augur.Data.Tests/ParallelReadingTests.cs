using System.Text;
using Augur.Data.Ingestion;

namespace Augur.Data.Tests;

/// <summary>
/// A large CSV is read on a second thread while the first infers and writes (<c>RowPipeline</c>): the output must be
/// the very bytes that one thread writes. Each test ingests the same input both ways (the size threshold lowered to
/// zero, or raised past the file) and compares every file, on inputs spanning many hand-over batches.
/// </summary>
public sealed class ParallelReadingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_messy_csv_read_on_two_threads_writes_the_same_bytes_as_on_one()
    {
        var path = temp.Write("messy.csv", MessyCsv(rows: 6000));

        var (one, two) = await IngestBothWaysAsync(path, new IngestOptions());

        Assert.Equal(6000 + 3, one.RowsIn); // the rows, two repeated headers and the total
        Assert.True(one.Duplicates >= 40, $"duplicates: {one.Duplicates}");
        Assert.True(one.Rejected >= 20, $"rejects: {one.Rejected}");
        Assert.Equal(2, one.RepeatedHeaders);
        Assert.Equal((one.RowsIn, one.RowsOut, one.Duplicates, one.Rejected), (two.RowsIn, two.RowsOut, two.Duplicates, two.Rejected));
    }

    [Fact]
    public async Task Kept_duplicates_and_the_golden_fixture_read_on_two_threads_are_unchanged()
    {
        var path = temp.Write("messy.csv", MessyCsv(rows: 3000));
        var (one, two) = await IngestBothWaysAsync(path, new IngestOptions { Duplicates = DuplicatePolicy.Keep });
        Assert.Equal(0, one.Duplicates);
        Assert.Equal(one.RowsOut, two.RowsOut);

        var golden = Some.Fixture("golden");
        var output = Path.Combine(temp.Path, "golden-out");
        await new Ingestor(new IngestOptions { ParallelFromBytes = 0 }).IngestAsync(Path.Combine(golden, "messy.csv"), output, CancellationToken.None);
        foreach (var suffix in new[] { ".jsonl", ".schema.json", ".profile.json", ".rejects.jsonl" })
        {
            var written = File.ReadAllText(Path.Combine(output, "messy" + suffix)).Replace(golden + "/", "", StringComparison.Ordinal);
            Assert.Equal(File.ReadAllText(Path.Combine(golden, "expected", "messy", "messy" + suffix)), written);
        }
    }

    [Fact]
    public async Task A_late_switch_to_windows_1251_on_the_reading_thread_starts_pass_one_again_as_on_one_thread()
    {
        var text = new StringBuilder("id;city;amount\n");
        for (var i = 1; i <= 6000; i++)
        {
            text.Append(i).Append(";Berlin;").Append(i).Append(",5\n");
        }

        for (var i = 6001; i <= 6200; i++)
        {
            text.Append(i).Append(i % 2 == 0 ? ";Москва;" : ";Санкт-Петербург;").Append(i).Append(",25\n");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = temp.WriteBytes("late.csv", Encoding.GetEncoding(1251).GetBytes(text.ToString()));

        var (one, _) = await IngestBothWaysAsync(path, new IngestOptions());

        Assert.Equal(6200, one.RowsOut);
        Assert.Contains("windows-1251", File.ReadAllText(Path.Combine(temp.Path, "two", "lineage.json")));
    }

    [Fact]
    public async Task A_record_too_long_to_read_fails_with_the_same_message_on_two_threads()
    {
        var text = new StringBuilder("id;note\n");
        for (var i = 1; i <= 3000; i++)
        {
            text.Append(i).Append(";ok\n");
        }

        text.Append("3001;\"").Append('x', 1_200_000).Append("\"\n");
        var path = temp.Write("long.csv", text.ToString());

        var one = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(path, "one", new IngestOptions { MaxCellLength = 1000, ParallelFromBytes = long.MaxValue }));
        var two = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(path, "two", new IngestOptions { MaxCellLength = 1000, ParallelFromBytes = 0 }));

        Assert.Equal(one.Message, two.Message);
        Assert.Contains("line 3002", two.Message, StringComparison.Ordinal);
    }

    /// <summary>Ingests on one thread into "one" and on two into "two"; every output file must be byte-identical.</summary>
    private async Task<(IngestedTable One, IngestedTable Two)> IngestBothWaysAsync(string path, IngestOptions options)
    {
        var one = await IngestAsync(path, "one", options with { ParallelFromBytes = long.MaxValue });
        var two = await IngestAsync(path, "two", options with { ParallelFromBytes = 0 });
        var files = Directory.GetFiles(Path.Combine(temp.Path, "one")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(files, Directory.GetFiles(Path.Combine(temp.Path, "two")).Select(Path.GetFileName).Order().ToList());
        foreach (var file in files)
        {
            var expected = File.ReadAllText(Path.Combine(temp.Path, "one", file!));
            var actual = File.ReadAllText(Path.Combine(temp.Path, "two", file!));
            Assert.True(expected == actual, $"{file} differs between one and two threads");
        }

        return (one, two);
    }

    private async Task<IngestedTable> IngestAsync(string path, string output, IngestOptions options)
    {
        var summary = await new Ingestor(options).IngestAsync(path, Path.Combine(temp.Path, output), CancellationToken.None);
        return Assert.Single(summary.Tables);
    }

    /// <summary>The messy CSV with exact duplicates far apart (in other batches) and the header repeated twice.</summary>
    private static string MessyCsv(int rows) =>
        Tests.MessyCsv.Build(rows, seed: 7, (random, lines) => lines[random.Next(lines.Count - 1500)], rows / 3, 2 * rows / 3);
}
