using System.Globalization;
using System.Text;

namespace Augur.Platform.Scoring.Output;

/// <summary>
/// The rows that could not be scored, as CSV a person can open: <c>row</c> (the data row, counting from 1, for rows
/// that were read but did not fit the model), <c>line</c> (the file's line, for rows that could not be read at
/// all), <c>field</c> and <c>reason</c>. Text is guarded against formula injection like the results.
/// </summary>
public sealed class RejectsWriter : IAsyncDisposable
{
    private readonly StreamWriter _writer;

    public RejectsWriter(string path)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        _writer.Write("row,line,field,reason\n");
    }

    public long Count { get; private set; }

    public void Unscorable(long row, string field, string reason) => Write(row.ToString(CultureInfo.InvariantCulture), "", field, reason);

    public void Unreadable(long line, string reason) => Write("", line.ToString(CultureInfo.InvariantCulture), "", reason);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private void Write(string row, string line, string field, string reason)
    {
        _writer.Write(row);
        _writer.Write(',');
        _writer.Write(line);
        _writer.Write(',');
        _writer.Write(CsvScoredRowWriter.Quote(SpreadsheetText.Neutralise(field)));
        _writer.Write(',');
        _writer.Write(CsvScoredRowWriter.Quote(SpreadsheetText.Neutralise(reason)));
        _writer.Write('\n');
        Count++;
    }
}
