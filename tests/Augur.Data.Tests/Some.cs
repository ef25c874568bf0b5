using Augur.Data.Ingestion;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>Test helpers: ingest one input and read back what was written.</summary>
internal static class Some
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static async Task<IngestedTable> IngestAsync(string input, string output, string? tableName = null)
    {
        var summary = await new Ingestor(new IngestOptions { TableName = tableName }).IngestAsync(input, output, CancellationToken.None);
        return Assert.Single(summary.Tables);
    }

    public static ColumnSchema Column(this IngestedTable table, string name) =>
        table.Schema.Find(name) ?? throw new InvalidOperationException($"no column {name}");

    public static ColumnType TypeOf(this IngestedTable table, string name) => table.Column(name).Type;

    public static string[] Lines(string path) => File.ReadAllLines(path);
}
