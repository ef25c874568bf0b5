using Augur.Data.Ingestion;

namespace Augur.Data.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private Task<IngestSummary> IngestAsync(string input) =>
        new Ingestor(new IngestOptions()).IngestAsync(input, temp.Out, CancellationToken.None);

    [Fact]
    public async Task An_empty_file_is_refused_with_a_one_line_message_naming_the_file()
    {
        var input = temp.Write("empty.csv", "");

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input));

        Assert.Equal(input, ex.File);
        Assert.Contains(input, ex.Message, StringComparison.Ordinal);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task A_binary_file_is_refused_as_binary()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        var input = temp.WriteBytes("photo.csv", bytes);

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input));

        Assert.Contains(input, ex.Message, StringComparison.Ordinal);
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_refused_naming_the_path()
    {
        var input = Path.Combine(temp.Path, "nope.csv");

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input));

        Assert.Equal(input, ex.File);
        Assert.Contains("no such file", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("blank.csv", "   \n\n  \n")]
    [InlineData("none.json", "[]")]
    [InlineData("scalars.json", "[1, 2, 3]")]
    public async Task A_file_with_no_columns_is_refused(string name, string content)
    {
        var input = temp.Write(name, content);

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input));

        Assert.Contains(input, ex.Message, StringComparison.Ordinal);
        Assert.Contains("no columns", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_gzip_is_refused_as_one_line_naming_the_file_not_an_unhandled_exception()
    {
        var input = temp.WriteBytes("broken.csv.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]);

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input));

        Assert.Contains(input, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task A_cell_longer_than_the_limit_sends_its_row_to_the_rejects()
    {
        var input = temp.Write("long.csv", $"a,b\n1,{new string('x', 500)}\n2,ok\n");

        var summary = await new Ingestor(new IngestOptions { MaxCellLength = 100 }).IngestAsync(input, temp.Out, CancellationToken.None);

        var table = Assert.Single(summary.Tables);
        Assert.Equal(1, table.Rejected);
        Assert.Equal(1, table.RowsOut);
    }

    [Fact]
    public async Task A_folder_ingests_each_supported_file_and_lists_the_rest_as_skipped_with_a_reason()
    {
        var folder = Path.Combine(temp.Path, "in");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "a.csv"), "x,y\n1,2\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "b.jsonl"), "{\"z\": 1}\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "readme.md"), "# hi\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "empty.csv"), "");

        var summary = await IngestAsync(folder);

        Assert.Equal(["a", "b"], summary.Tables.Select(t => t.Name));
        Assert.Equal(2, summary.Skipped.Count);
        Assert.Contains(summary.Skipped, s => s.Path.EndsWith("readme.md", StringComparison.Ordinal) && s.Reason.Contains("unsupported", StringComparison.Ordinal));
        Assert.Contains(summary.Skipped, s => s.Path.EndsWith("empty.csv", StringComparison.Ordinal) && s.Reason.Contains("empty", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(temp.Out, "lineage.json")));
    }
}
