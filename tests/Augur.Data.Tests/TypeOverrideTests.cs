using Augur.Data.Ingestion;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class TypeOverrideTests
{
    [Fact]
    public async Task A_type_chosen_by_a_person_replaces_the_inferred_one_and_keeps_every_value()
    {
        using var dir = new TempFolder();
        var input = dir.Write("people.csv", "name,member,score\nAna,Yes,1\nBob,No,0\nCy,Yes,1\n");
        var options = new IngestOptions
        {
            ColumnTypes = new Dictionary<string, ColumnType> { ["member"] = ColumnType.Categorical, ["score"] = ColumnType.Boolean },
        };

        var table = Assert.Single((await new Ingestor(options).IngestAsync(input, dir.Out, CancellationToken.None)).Tables);

        Assert.Equal(ColumnType.Categorical, table.TypeOf("member"));
        Assert.Equal(ColumnType.Boolean, table.TypeOf("score"));
        var first = Some.Lines(table.JsonlPath)[0];
        Assert.Contains("\"member\":\"Yes\"", first, StringComparison.Ordinal);
        Assert.Contains("\"score\":true", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_fit_the_chosen_type_is_kept_as_text()
    {
        using var dir = new TempFolder();
        var input = dir.Write("prices.csv", "item,price\na,12\nb,n/a-ish\n");
        var options = new IngestOptions { ColumnTypes = new Dictionary<string, ColumnType> { ["price"] = ColumnType.Number } };

        var table = Assert.Single((await new Ingestor(options).IngestAsync(input, dir.Out, CancellationToken.None)).Tables);

        var lines = Some.Lines(table.JsonlPath);
        Assert.Contains("\"price\":12", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"price\":\"n/a-ish\"", lines[1], StringComparison.Ordinal);
    }
}
