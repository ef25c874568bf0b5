using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Augur.Data.Inference;

namespace Augur.Data.Tests;

/// <summary>A number written from its text must be byte for byte what writing the parsed double gives.</summary>
public sealed class DecimalTextTests
{
    [Fact]
    public void Plain_decimals_are_written_as_the_parsed_double_would_be()
    {
        var random = new Random(5);
        var texts = new List<string>
        {
            "12345,67", "12345,60", "0,5", "-0,5", "0,001", "0,010", "100", "-100", "99999999999999,9", "123456789012345",
            "0,0001", "0,00001", "0,0", "-0,00", "1,000000000000001", "1234567890123456", "00,5",
        };
        for (var i = 0; i < 5000; i++)
        {
            var whole = random.NextInt64((long)Math.Pow(10, random.Next(0, 10)));
            var fraction = random.Next(0, 7) is var digits and > 0 ? "," + random.NextInt64((long)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') : "";
            texts.Add((random.Next(4) == 0 ? "-" : "") + whole.ToString(CultureInfo.InvariantCulture) + fraction);
        }

        var written = 0;
        foreach (var text in texts)
        {
            if (!NumberParser.TryParse(text, ',', out var value, out _, out _))
            {
                continue;
            }

            var fast = Write(w => DecimalText.TryWrite(w, text, ','), out var taken);
            written += taken ? 1 : 0;
            if (taken)
            {
                Assert.Equal(WriteDouble(value), fast);
            }
        }

        Assert.True(written > 4000, $"only {written} of {texts.Count} took the text path");
    }

    private static string Write(Func<Utf8JsonWriter, bool> write, out bool taken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(1);
            taken = write(writer);
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string WriteDouble(double value) => Write(
        w =>
        {
            w.WriteNumberValue(value);
            return true;
        },
        out _);
}
