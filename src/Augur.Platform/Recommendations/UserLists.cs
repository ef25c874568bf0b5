namespace Augur.Platform.Recommendations;

/// <summary>
/// A compact per-customer list of item indices (and scores), indexed by the model's user index: the nightly top-k
/// and each customer's purchases. 100,000 customers with 20 items each is about 16 MB, read in one go.
/// An empty list means "nothing stored for this customer" (inactive, or no purchases).
/// </summary>
public sealed class UserLists
{
    private const string Magic = "AUGUR-USER-LISTS";
    private const int FormatVersion = 1;

    public UserLists(int[][] items, float[][]? scores)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        Scores = scores;
    }

    public int[][] Items { get; }

    public float[][]? Scores { get; }

    public int UserCount => Items.Length;

    public int NonEmpty => Items.Count(l => l.Length > 0);

    public static async Task WriteAsync(UserLists lists, Stream target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lists);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(lists.Items.Length);
            writer.Write(lists.Scores is not null);
            for (var u = 0; u < lists.Items.Length; u++)
            {
                var row = lists.Items[u];
                writer.Write(row.Length);
                foreach (var item in row)
                {
                    writer.Write(item);
                }

                if (lists.Scores is not null)
                {
                    foreach (var score in lists.Scores[u])
                    {
                        writer.Write(score);
                    }
                }
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(target, cancellationToken);
    }

    public static async Task<UserLists> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        using var reader = new BinaryReader(buffer);
        if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("not a list file Augur can read.");
        }

        var users = reader.ReadInt32();
        var hasScores = reader.ReadBoolean();
        var items = new int[users][];
        var scores = hasScores ? new float[users][] : null;
        for (var u = 0; u < users; u++)
        {
            var count = reader.ReadInt32();
            items[u] = new int[count];
            for (var j = 0; j < count; j++)
            {
                items[u][j] = reader.ReadInt32();
            }

            if (scores is not null)
            {
                scores[u] = new float[count];
                for (var j = 0; j < count; j++)
                {
                    scores[u][j] = reader.ReadSingle();
                }
            }
        }

        return new UserLists(items, scores);
    }
}
