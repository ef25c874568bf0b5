using Augur.Data.Ingestion;

namespace Augur.Data.Tests;

/// <summary>
/// Faster readers must not change a single byte of output: messy inputs are ingested and every file compared with what
/// ingestion wrote for them before (see Fixtures/README.md). The CSV goes through the span-based path; the folder's
/// two files, concatenated, through the string-based one.
/// </summary>
public sealed class GoldenOutputTests : IDisposable
{
    private static readonly string Golden = Some.Fixture("golden");

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("messy.csv", "messy", "messy")]
    [InlineData("folder", "feb", "folder")]
    public async Task Ingesting_a_messy_input_writes_the_same_bytes_as_before(string input, string table, string expected)
    {
        var summary = await new Ingestor(new IngestOptions()).IngestAsync(Path.Combine(Golden, input), temp.Out, CancellationToken.None);

        Assert.Equal(table, Assert.Single(summary.Tables).Name);
        foreach (var suffix in new[] { ".jsonl", ".schema.json", ".profile.json", ".rejects.jsonl" })
        {
            var written = File.ReadAllText(Path.Combine(temp.Out, table + suffix)).Replace(Golden + "/", "", StringComparison.Ordinal);
            Assert.Equal(File.ReadAllText(Path.Combine(Golden, "expected", expected, table + suffix)), written);
        }
    }
}
