using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Augur.Data.Inference;
using Augur.Data.Profiling;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>
/// Writes a valid row as one typed JSON object (pass 2), either straight into the output with the profile updated at
/// once, or, on the reading thread of a large file, into the row's <see cref="RowJson"/> for the writing thread to
/// copy. Both give the same bytes: the profile sees the same values in the same order.
/// </summary>
internal sealed class TypedRowWriter(List<ColumnPlan> plans, int[] kept)
{
    private readonly JsonEncodedText[] names = [.. kept.Select(i => JsonEncodedText.Encode(plans[i].Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping))];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(Utf8JsonWriter writer, RowCells cells, List<ColumnProfiler> profilers)
    {
        writer.WriteStartObject();
        for (var k = 0; k < kept.Length; k++)
        {
            var i = kept[k];
            writer.WritePropertyName(names[k]);
            if (cells.IsMissing(i))
            {
                writer.WriteNullValue();
                profilers[k].ObserveMissing();
            }
            else
            {
                var (number, iso) = plans[i].Write(writer, cells[i]);
                profilers[k].Observe(number, iso);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the row at the end of its batch's <see cref="RowJson"/> and notes where (the writer is reset onto the bytes).</summary>
    public void WriteAhead(Utf8JsonWriter writer, RowCells cells, RowJson batch)
    {
        writer.Reset(batch.Bytes);
        cells.JsonStart = batch.Bytes.WrittenCount;
        cells.ValuesStart = batch.Values.Count;
        writer.WriteStartObject();
        for (var k = 0; k < kept.Length; k++)
        {
            var i = kept[k];
            writer.WritePropertyName(names[k]);
            if (cells.IsMissing(i))
            {
                writer.WriteNullValue();
                batch.Values.Add(new ProfiledValue(true, null, null));
            }
            else
            {
                var (number, iso) = plans[i].Write(writer, cells[i]);
                batch.Values.Add(new ProfiledValue(false, number, iso));
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        cells.JsonLength = batch.Bytes.WrittenCount - cells.JsonStart;
    }

    /// <summary>The writing thread's half of a row written ahead: its bytes, and the profile in row order.</summary>
    public static ReadOnlySpan<byte> Profile(RowCells cells, RowJson batch, List<ColumnProfiler> profilers)
    {
        for (var k = 0; k < profilers.Count; k++)
        {
            var value = batch.Values[cells.ValuesStart + k];
            if (value.Missing)
            {
                profilers[k].ObserveMissing();
            }
            else
            {
                profilers[k].Observe(value.Number, value.Iso);
            }
        }

        return batch.Bytes.WrittenSpan.Slice(cells.JsonStart, cells.JsonLength);
    }
}
