using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Augur.Data.Tests;

/// <summary>
/// Writes a minimal XLSX (inline strings, plain numbers) so the Excel tests need no binary fixture and no writer
/// package. A null cell is left out, as Excel does for an empty cell.
/// </summary>
internal static class Workbooks
{
    public static void Write(string path, params (string Name, object?[][] Rows)[] sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Entry(zip, "[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            {string.Concat(sheets.Select((_, i) => $"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))}
            </Types>
            """);
        Entry(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
            </Relationships>
            """);
        Entry(zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
            <sheets>{string.Concat(sheets.Select((s, i) => $"""<sheet name="{SecurityElement.Escape(s.Name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>"""))}</sheets>
            </workbook>
            """);
        Entry(zip, "xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            {string.Concat(sheets.Select((_, i) => $"""<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>"""))}
            </Relationships>
            """);
        for (var s = 0; s < sheets.Length; s++)
        {
            var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            for (var r = 0; r < sheets[s].Rows.Length; r++)
            {
                xml.Append(CultureInfo.InvariantCulture, $"""<row r="{r + 1}">""");
                var row = sheets[s].Rows[r];
                for (var c = 0; c < row.Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    xml.Append(row[c] switch
                    {
                        null => "",
                        string text => $"""<c r="{reference}" t="inlineStr"><is><t>{SecurityElement.Escape(text)}</t></is></c>""",
                        IFormattable number => $"""<c r="{reference}"><v>{number.ToString(null, CultureInfo.InvariantCulture)}</v></c>""",
                        var other => throw new ArgumentException($"unsupported cell {other}"),
                    });
                }

                xml.Append("</row>");
            }

            xml.Append("</sheetData></worksheet>");
            Entry(zip, $"xl/worksheets/sheet{s + 1}.xml", xml.ToString());
        }
    }

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
