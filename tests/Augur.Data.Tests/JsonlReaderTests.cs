using Augur.Data.Ingestion;
using Augur.Data.Jsonl;

namespace Augur.Data.Tests;

public sealed class JsonlReaderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task ReadAsync_streams_every_object_and_skips_blank_lines()
    {
        var path = temp.Write("t.jsonl", "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3}\n");

        var values = new List<long>();
        await foreach (var row in JsonlReader.ReadAsync(path, CancellationToken.None))
        {
            values.Add((long)row["a"]!);
        }

        Assert.Equal([1L, 2L, 3L], values);
    }

    [Fact]
    public void ReadDistinct_skips_a_line_that_repeats_an_earlier_one_and_keeps_the_first()
    {
        var path = temp.Write("events.jsonl", "{\"user\":\"u1\",\"item\":\"a\"}\n{\"user\":\"u1\",\"item\":\"b\"}\n{\"user\":\"u1\",\"item\":\"a\"}\n{\"user\":\"u2\",\"item\":\"a\"}\n");

        var rows = JsonlReader.ReadDistinct(path).Select(r => $"{r["user"]}/{r["item"]}").ToList();

        Assert.Equal(["u1/a", "u1/b", "u2/a"], rows);
        Assert.Equal(4, JsonlReader.Read(path).Count());
    }

    [Fact]
    public async Task PeekAsync_returns_only_the_first_rows()
    {
        var path = temp.Write("t.jsonl", string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"i\":{i}}}\n")));

        var rows = await JsonlReader.PeekAsync(path, 5, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L, 3L, 4L], rows.Select(r => (long)r["i"]!));
    }

    [Fact]
    public void A_line_that_is_not_an_object_throws_naming_the_file_and_line()
    {
        var path = temp.Write("t.jsonl", "{\"a\":1}\n[1]\n");

        var ex = Assert.Throws<IngestException>(() => JsonlReader.Read(path).ToList());

        Assert.Equal(2, ex.Row);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
