using System.Runtime.InteropServices;

namespace Augur.Learning.Trainers.Forest;

/// <summary>
/// A trained extremely randomized forest as flat arrays, for scoring and saving. Each tree's nodes are stored depth
/// first from its root: a split's left child is the node right after it and <see cref="Next"/> is its right child; a leaf
/// (feature -1) keeps in <see cref="Next"/> the offset of its <see cref="Outputs"/> values (class fractions, or the mean
/// for regression) in <see cref="Values"/>. A row goes right when its value is greater than the threshold, so a missing
/// value (NaN) goes left, as in training.
/// </summary>
internal sealed class ExtraTreesModel
{
    private const int FileVersion = 1;

    public ExtraTreesModel(int width, int outputs, int[] roots, int[] feature, float[] threshold, int[] next, float[] values)
    {
        if (feature.Length != threshold.Length || feature.Length != next.Length)
        {
            throw new ArgumentException("The node arrays differ in length.", nameof(feature));
        }

        Width = width;
        Outputs = outputs;
        Roots = roots;
        Feature = feature;
        Threshold = threshold;
        Next = next;
        Values = values;
    }

    /// <summary>How many features a row has.</summary>
    public int Width { get; }

    /// <summary>Classes (probabilities in class order), or 1 for regression.</summary>
    public int Outputs { get; }

    public int Trees => Roots.Length;

    public int Nodes => Feature.Length;

    private int[] Roots { get; }

    private int[] Feature { get; }

    private float[] Threshold { get; }

    private int[] Next { get; }

    private float[] Values { get; }

    /// <summary>Writes the average over the trees of the leaves' values for <paramref name="row"/> into <paramref name="output"/>.</summary>
    public void Predict(ReadOnlySpan<float> row, Span<double> output)
    {
        if (row.Length < Width || output.Length < Outputs)
        {
            throw new ArgumentException($"The forest reads {Width} features and writes {Outputs} values.", nameof(row));
        }

        output[..Outputs].Clear();
        var feature = Feature;
        var threshold = Threshold;
        var next = Next;
        var values = Values;
        foreach (var root in Roots)
        {
            var node = root;
            int f;
            while ((f = feature[node]) >= 0)
            {
                node = row[f] > threshold[node] ? next[node] : node + 1;
            }

            var leaf = values.AsSpan(next[node], Outputs);
            for (var k = 0; k < leaf.Length; k++)
            {
                output[k] += leaf[k];
            }
        }

        for (var k = 0; k < Outputs; k++)
        {
            output[k] /= Roots.Length;
        }
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(FileVersion);
        writer.Write(Width);
        writer.Write(Outputs);
        WriteArray(writer, Roots);
        WriteArray(writer, Feature);
        WriteArray(writer, Threshold);
        WriteArray(writer, Next);
        WriteArray(writer, Values);
    }

    /// <exception cref="InvalidDataException">The stream does not hold a forest this version reads.</exception>
    public static ExtraTreesModel Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var version = reader.ReadInt32();
        if (version != FileVersion)
        {
            throw new InvalidDataException($"This forest has format version {version}; this version of Augur reads version {FileVersion}.");
        }

        var width = reader.ReadInt32();
        var outputs = reader.ReadInt32();
        return new ExtraTreesModel(width, outputs, ReadArray<int>(reader), ReadArray<int>(reader), ReadArray<float>(reader),
            ReadArray<int>(reader), ReadArray<float>(reader));
    }

    private static void WriteArray<T>(BinaryWriter writer, T[] values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader reader)
        where T : unmanaged
    {
        var length = reader.ReadInt32();
        if (length < 0)
        {
            throw new InvalidDataException("The forest is damaged: an array has a negative length.");
        }

        var values = new T[length];
        // A zip entry's stream may answer a read with fewer bytes than asked for: ReadExactly loops until it has them all.
        try
        {
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The forest is cut short.", e);
        }

        return values;
    }
}
