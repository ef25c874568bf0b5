using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Augur.Data.Ingestion;

namespace Augur.Data.Tests;

/// <summary>
/// Thousands of seeded mutations of small real files in every format (truncation, flipped bytes, stray quotes,
/// binary garbage, the wrong encoding, a huge single line, zip bombs) go through the whole ingestion. Each must
/// either succeed with row counts that add up or fail with an <see cref="IngestException"/> naming the file, within
/// a per-case timeout; every other case reads its CSV in two halves, as a large file is. A failure prints the seed of
/// the case, which replays it alone.
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const int Seed = 20261125;
    private const int Cases = 2_000;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    private static readonly IngestOptions Limits = new()
    {
        MaxCellLength = 20_000,
        MaxColumns = 200,
        MaxArchiveBytes = 4 << 20,
        MaxArchiveEntries = 20,
    };

    // Built once: compressing 8 MB for every case would make the test about zip, not about ingestion.
    private static readonly byte[] Bomb = Zip(("bomb.csv", new byte[8 << 20]));

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Thousands_of_mutated_inputs_succeed_or_fail_with_an_ingest_exception_naming_the_file_and_never_hang()
    {
        var seeds = Seeds();
        var clock = Stopwatch.StartNew();
        var outcomes = new int[2];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) };
        await Parallel.ForAsync(0, Cases, parallel, async (i, cancellationToken) =>
        {
            var random = new Random(Seed + i);
            var (extension, original) = seeds[i % seeds.Count];
            var (mutation, bytes) = Mutate(original, extension, random);
            var input = temp.WriteBytes($"case{i}{extension}", bytes);
            var output = Path.Combine(temp.Path, $"out{i}");
            var what = $"case {i} (seed {Seed + i}, {mutation} of a {extension} file)";
            using var timeout = new CancellationTokenSource(PerCase);
            try
            {
                // Every other case reads a CSV in two halves at once, as large files are (the cut, the merges, the fallbacks).
                var options = i % 2 == 0 ? Limits : Limits with { SplitFromBytes = 0 };
                var summary = await new Ingestor(options).IngestAsync(input, output, timeout.Token).WaitAsync(PerCase + PerCase, cancellationToken);
                foreach (var table in summary.Tables)
                {
                    Assert.True(table.RowsIn == table.RowsOut + table.Duplicates + table.Rejected + table.RepeatedHeaders, $"{what}: counts do not add up");
                }

                Interlocked.Increment(ref outcomes[0]);
            }
            catch (IngestException ex)
            {
                Assert.True(ex.Message.Contains(input, StringComparison.Ordinal), $"{what}: '{ex.Message}' does not name the file");
                Assert.DoesNotContain('\n', ex.Message);
                Interlocked.Increment(ref outcomes[1]);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{what}: {ex.GetType().Name}: {ex.Message}");
            }
            finally
            {
                File.Delete(input);
                if (Directory.Exists(output))
                {
                    Directory.Delete(output, recursive: true);
                }
            }
        });

        Assert.True(outcomes[0] > Cases / 10, $"only {outcomes[0]} cases ingested: the mutations are too destructive to test much");
        Assert.True(outcomes[1] > Cases / 20, $"only {outcomes[1]} cases failed: the mutations are too gentle");
        // A hang detector, not a speed target (that is bench/ingest): about 30 s on a quiet 2-core machine, 71 s was
        // seen with five builds beside it, and a real hang never ends.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), $"took {clock.Elapsed}");
    }

    private static List<(string Extension, byte[] Bytes)> Seeds()
    {
        var telco = File.ReadLines(Some.Fixture("telco-churn-200.csv")).Take(30).ToList();
        var csv = Encoding.UTF8.GetBytes(string.Join('\n', telco) + "\n");
        var json = Encoding.UTF8.GetBytes("""{"data":[{"id":1,"user":{"name":"Ann","tags":["a","b"]},"paid":true},{"id":2,"user":{"name":"Bob"},"paid":false,"amount":"1 234,50"}]}""");
        var jsonl = Encoding.UTF8.GetBytes("{\"id\":1,\"city\":\"Oslo\",\"when\":\"2024-01-02\"}\n{\"id\":2,\"city\":\"Rome\",\"when\":\"2024-01-03T10:00:00\"}\n");
        var messy = Encoding.UTF8.GetBytes("# export\nReport;;\nid;amount;day\n1;1,5;01.02.2024\n2;2,25;03.02.2024\nid;amount;day\nИтого;3,75;\n");
        return
        [
            (".csv", csv),
            (".csv", File.ReadAllBytes(Some.Fixture("sales-cp1251.csv"))),
            (".csv", messy),
            (".json", json),
            (".jsonl", jsonl),
            (".xlsx", Workbook()),
            (".zip", Zip(("a.csv", csv), ("b.csv", csv), ("c.jsonl", jsonl))),
            (".csv.gz", Gzip(csv)),
        ];
    }

    private static (string Mutation, byte[] Bytes) Mutate(byte[] original, string extension, Random random)
    {
        var kind = random.Next(9);
        var bytes = original.ToArray();
        switch (kind)
        {
            case 0:
                return ("truncation", bytes[..random.Next(bytes.Length)]);
            case 1:
                for (var n = random.Next(1, 12); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return ("flipped bytes", bytes);
            case 2:
                return ("stray quotes", Insert(bytes, random, Enumerable.Repeat((byte)'"', random.Next(1, 4)).ToArray(), random.Next(1, 6)));
            case 3:
                var garbage = new byte[random.Next(1, 2_000)];
                random.NextBytes(garbage);
                return ("binary garbage", Insert(bytes, random, garbage, 1));
            case 4:
                var text = Encoding.UTF8.GetString(bytes);
                var encoding = random.Next(3) switch { 0 => Encoding.Unicode, 1 => Encoding.BigEndianUnicode, _ => Encoding.Latin1 };
                return ("re-encoding", encoding.GetBytes(text));
            case 5:
                var line = Encoding.ASCII.GetBytes(new string('x', random.Next(25_000, 60_000)));
                return ("a huge single line", extension == ".zip" || extension.EndsWith(".gz", StringComparison.Ordinal) ? line : Insert(bytes, random, line, 1));
            case 6:
                return ("a zip bomb", Bomb);
            case 7:
                var cut = random.Next(bytes.Length);
                return ("repeated tail", [.. bytes, .. bytes[cut..], .. bytes[cut..]]);
            default:
                return ("line breaks removed", [.. bytes.Where(b => b != '\n' || random.Next(4) > 0)]);
        }
    }

    private static byte[] Insert(byte[] bytes, Random random, byte[] piece, int times)
    {
        var result = bytes.ToList();
        for (var i = 0; i < times; i++)
        {
            result.InsertRange(random.Next(result.Count + 1), piece);
        }

        return [.. result];
    }

    private static byte[] Workbook()
    {
        var path = Path.Combine(Path.GetTempPath(), $"augur-fuzz-{Guid.NewGuid():N}.xlsx");
        try
        {
            Workbooks.Write(path, ("Sheet1", [["Report"], [], ["id", "amount", "city"], ["a", 1.5, "Oslo"], ["b", 2, "Rome"], ["Total", 3.5, null]]));
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return memory.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return memory.ToArray();
    }
}
