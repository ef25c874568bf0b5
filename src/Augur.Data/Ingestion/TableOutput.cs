using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Augur.Data.Profiling;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>
/// Pass 2's two files for one table, or for one half of it: the typed rows as JSON lines and the rejects. Rows go to
/// the file in chunks of <see cref="Chunk"/> bytes, not one write per row.
/// </summary>
internal sealed class TableOutput : IDisposable
{
    private const int Chunk = 1 << 16;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> buffer = new(Chunk * 2);
    private readonly ArrayBufferWriter<byte> rejectBuffer = new(4096);
    private readonly Utf8JsonWriter writer;
    private readonly Utf8JsonWriter rejectWriter;
    private readonly FileStream output;
    private readonly FileStream rejects;
    private readonly string defaultFile;

    /// <param name="defaultFile">How a reject names its file when its record does not (one source file).</param>
    public TableOutput(string jsonlPath, string rejectsPath, string defaultFile)
    {
        this.defaultFile = defaultFile;
        writer = new Utf8JsonWriter(buffer, WriterOptions);
        rejectWriter = new Utf8JsonWriter(rejectBuffer, WriterOptions);
        output = new FileStream(jsonlPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        rejects = new FileStream(rejectsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public static JsonWriterOptions JsonOptions => WriterOptions;

    /// <summary>Writes a valid row and updates the profile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row(TypedRowWriter typed, RowCells cells, List<ColumnProfiler> profilers)
    {
        typed.Write(writer, cells, profilers);
        EndLine();
    }

    /// <summary>Writes a row whose JSON was written ahead, on another thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row(ReadOnlySpan<byte> json)
    {
        buffer.Write(json);
        EndLine();
    }

    public void Reject(SourceRecord record)
    {
        rejectWriter.WriteStartObject();
        rejectWriter.WriteString("file", record.File ?? defaultFile);
        rejectWriter.WriteNumber("line", record.Line);
        rejectWriter.WriteString("raw", record.RawText);
        rejectWriter.WriteString("reason", record.RejectReason);
        rejectWriter.WriteEndObject();
        rejectWriter.Flush();
        rejects.Write(rejectBuffer.WrittenSpan);
        rejects.WriteByte((byte)'\n');
        rejectBuffer.ResetWrittenCount();
        rejectWriter.Reset();
    }

    /// <summary>Writes out the last chunk.</summary>
    public void Complete()
    {
        output.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }

    /// <summary>Appends another half's file (its output completed and closed) to this table's, and deletes it.</summary>
    public static void Append(string target, string half)
    {
        using (var source = new FileStream(half, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 20, FileOptions.SequentialScan))
        using (var output = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 20))
        {
            source.CopyTo(output, 1 << 20);
        }

        File.Delete(half);
    }

    public void Dispose()
    {
        writer.Dispose();
        rejectWriter.Dispose();
        output.Dispose();
        rejects.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EndLine()
    {
        writer.Flush();
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
        if (buffer.WrittenCount >= Chunk)
        {
            output.Write(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
        }

        writer.Reset(buffer);
    }
}
