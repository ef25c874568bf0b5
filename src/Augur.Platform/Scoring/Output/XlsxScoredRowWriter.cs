using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using SpreadCheetah;

namespace Augur.Platform.Scoring.Output;

/// <summary>
/// An Excel workbook, streamed with SpreadCheetah (nothing is held in memory but the current row). A sheet holds at
/// most 1,048,576 rows, so longer results continue on "Predictions 2", "Predictions 3"… each with its own header.
/// Numbers are number cells; text cells are guarded against formula injection.
/// </summary>
internal sealed class XlsxScoredRowWriter : ScoredRowWriter
{
    private readonly Stream _destination;
    private readonly int _rowsPerSheet;
    private readonly DataCell[] _cells;
    private Spreadsheet? _sheet;
    private int _sheetNumber;
    private int _rowsInSheet;

    public XlsxScoredRowWriter(Stream destination, IReadOnlyList<string> keys, IReadOnlyList<string> labels, bool hasProbabilities, int maxRowsPerSheet, int reasons = 0)
        : base(keys, labels, hasProbabilities, reasons)
    {
        _destination = destination;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerSheet, 2);
        _rowsPerSheet = maxRowsPerSheet - 1;
        _cells = new DataCell[Header.Count];
    }

    public override async ValueTask WriteAsync(IReadOnlyList<JsonNode?> keys, RowPrediction prediction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(prediction);
        if (_sheet is null || _rowsInSheet == _rowsPerSheet)
        {
            await StartSheetAsync(cancellationToken);
        }

        var c = 0;
        for (var i = 0; i < Keys.Count; i++)
        {
            _cells[c++] = Cell(keys[i]);
        }

        _cells[c++] = Cell(prediction.Prediction);
        foreach (var label in Labels)
        {
            _cells[c++] = new DataCell(Probability(prediction, label));
        }

        for (var k = 0; k < Reasons; k++)
        {
            _cells[c++] = new DataCell(SpreadsheetText.Neutralise(ReasonText(prediction, k)));
        }

        await _sheet!.AddRowAsync(_cells, cancellationToken);
        _rowsInSheet++;
    }

    public override async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_sheet is null)
        {
            await StartSheetAsync(cancellationToken);
        }

        await _sheet!.FinishAsync(cancellationToken);
        await _destination.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_sheet is not null)
        {
            await _sheet.DisposeAsync();
        }

        await _destination.DisposeAsync();
    }

    internal static DataCell Cell(JsonNode? node) => node switch
    {
        null => new DataCell((string?)null),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new DataCell(v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => new DataCell(true),
        JsonValue v when v.GetValueKind() == JsonValueKind.False => new DataCell(false),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new DataCell(SpreadsheetText.Neutralise(v.GetValue<string>())),
        _ => new DataCell(SpreadsheetText.Neutralise(node.ToJsonString())),
    };

    private async ValueTask StartSheetAsync(CancellationToken cancellationToken)
    {
        _sheet ??= await Spreadsheet.CreateNewAsync(_destination, cancellationToken: cancellationToken);
        _sheetNumber++;
        var name = _sheetNumber == 1 ? "Predictions" : string.Create(CultureInfo.InvariantCulture, $"Predictions {_sheetNumber}");
        await _sheet.StartWorksheetAsync(name, token: cancellationToken);
        await _sheet.AddRowAsync([.. Header.Select(h => new DataCell(SpreadsheetText.Neutralise(h)))], cancellationToken);
        _rowsInSheet = 0;
    }
}
