using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class OverrideTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Column_equals_type_pairs_parse_to_overrides_by_the_schema_names()
    {
        var overrides = ColumnTypeOverrides.Parse(["zip=categorical", "a=b=Number", " amount = datetime"]);

        Assert.Equal(ColumnType.Categorical, overrides["zip"]);
        Assert.Equal(ColumnType.Number, overrides["a=b"]);
        Assert.Equal(ColumnType.DateTime, overrides["amount"]);
    }

    [Theory]
    [InlineData("zip")]
    [InlineData("=number")]
    [InlineData("zip=postcode")]
    public void A_malformed_pair_or_unknown_type_is_refused_with_the_list_of_types(string pair)
    {
        var ex = Assert.Throws<FormatException>(() => ColumnTypeOverrides.Parse([pair]));

        Assert.Contains(pair, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_override_from_a_parsed_pair_makes_zip_codes_categorical_and_keeps_their_leading_zeros()
    {
        var input = temp.Write("shops.csv", "zip,sales\n01234,5\n02345,6\n01234,7\n");
        var options = new IngestOptions { ColumnTypes = ColumnTypeOverrides.Parse(["zip=categorical"]) };

        var table = Assert.Single((await new Ingestor(options).IngestAsync(input, temp.Out, CancellationToken.None)).Tables);

        Assert.Equal(ColumnType.Categorical, table.TypeOf("zip"));
        Assert.Equal("01234", JsonlReader.Read(table.JsonlPath).First()["zip"]!.GetValue<string>());
    }
}
