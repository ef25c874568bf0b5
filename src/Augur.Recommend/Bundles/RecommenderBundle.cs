using System.Text;
using System.Text.Json;
using Augur.Data;
using Augur.Recommend.Data;
using Augur.Recommend.Models;

namespace Augur.Recommend.Bundles;

/// <summary>
/// One file holding a fitted recommender: a header, JSON metadata, the id maps, the training matrix (for seen-item
/// filtering and reasons) and the model's learned state. It loads in a fresh process without the event log.
/// </summary>
public static class RecommenderBundle
{
    private const string Magic = "AUGUR-RECOMMENDER";
    private const int Version = 1;

    public static async Task SaveAsync(Recommender model, RecommenderBundleInfo info, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                Write(writer, model, info);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(stream, cancellationToken);
        }

        // Written beside and moved into place, so a reader never sees half a bundle.
        File.Move(temporary, path, overwrite: true);
    }

    public static async Task<(Recommender Model, RecommenderBundleInfo Info)> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        try
        {
            return Read(reader);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: the recommender bundle is truncated.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    private static void Write(BinaryWriter writer, Recommender model, RecommenderBundleInfo info)
    {
        var train = model.Train;
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(JsonSerializer.Serialize(info with { Model = model.Name }, AugurJson.Compact));
        WriteStrings(writer, train.Users.Ids);
        WriteStrings(writer, train.Items.Ids);
        BinaryState.Write(writer, train.RowPtr);
        BinaryState.Write(writer, train.Cols);
        BinaryState.Write(writer, train.Values);
        BinaryState.Write(writer, train.Times);
        model.WriteState(writer);
    }

    private static (Recommender, RecommenderBundleInfo) Read(BinaryReader reader)
    {
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException("not a recommender bundle.");
        }

        var version = reader.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"recommender bundle version {version} is not supported (expected {Version}).");
        }

        var info = JsonSerializer.Deserialize<RecommenderBundleInfo>(reader.ReadString(), AugurJson.Compact)
            ?? throw new InvalidDataException("the bundle metadata is empty.");
        var users = new IdMap(ReadStrings(reader));
        var items = new IdMap(ReadStrings(reader));
        var train = new InteractionMatrix(users, items, BinaryState.ReadInts(reader), BinaryState.ReadInts(reader), BinaryState.ReadFloats(reader), BinaryState.ReadLongs(reader));
        var model = RecommenderFactory.Create(info.Model);
        model.Attach(train);
        model.ReadState(reader);
        return (model, info);
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}
