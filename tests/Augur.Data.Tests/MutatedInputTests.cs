using System.Text;
using Augur.Data.Ingestion;

namespace Augur.Data.Tests;

/// <summary>A small seeded fuzz pass: mutated real files either ingest or fail with an IngestException, never anything else.</summary>
public sealed class MutatedInputTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("telco-churn-200.csv")]
    [InlineData("sales-cp1251.csv")]
    public async Task Mutated_files_either_ingest_with_consistent_counts_or_fail_with_one_line_naming_the_file(string fixture)
    {
        var original = await File.ReadAllBytesAsync(Some.Fixture(fixture));
        var random = new Random(20261125);
        for (var round = 0; round < 25; round++)
        {
            var input = temp.WriteBytes($"m{round}.csv", Mutate(original, random));
            try
            {
                var table = await Some.IngestAsync(input, Path.Combine(temp.Out, round.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.Equal(table.RowsIn, table.RowsOut + table.Duplicates + table.Rejected + table.RepeatedHeaders);
            }
            catch (IngestException ex)
            {
                Assert.Contains(input, ex.Message, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', ex.Message);
            }
        }
    }

    private static byte[] Mutate(byte[] data, Random random)
    {
        var bytes = new List<byte>(data);
        switch (random.Next(5))
        {
            case 0:
                return [.. bytes.Take(random.Next(bytes.Count))];
            case 1:
                for (var i = 0; i < 20; i++)
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }

                return [.. bytes];
            case 2:
                for (var i = 0; i < 5; i++)
                {
                    bytes.Insert(random.Next(bytes.Count), (byte)'"');
                }

                return [.. bytes];
            case 3:
                bytes.InsertRange(random.Next(bytes.Count), Encoding.UTF8.GetBytes(new string('x', 5000)));
                return [.. bytes];
            default:
                var garbage = new byte[512];
                random.NextBytes(garbage);
                bytes.InsertRange(random.Next(bytes.Count), garbage);
                return [.. bytes];
        }
    }
}
