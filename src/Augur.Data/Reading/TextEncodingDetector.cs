using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Augur.Data.Ingestion;
using UtfUnknown;

namespace Augur.Data.Reading;

/// <summary>
/// Finds the text encoding of a file: a BOM wins; otherwise the whole content is checked as UTF-8 (one cheap
/// streamed pass, because a single Cyrillic byte late in a Windows-1251 file is enough to break UTF-8); when it
/// is not UTF-8, UTF.Unknown guesses the legacy code page from a sample. Binary content is refused here.
/// A CSV reader may defer the whole-file check to its first read (<see cref="StrictUtf8"/>), which saves a pass.
/// </summary>
internal static class TextEncodingDetector
{
    private const int SampleBytes = 1 << 16;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>UTF-8 that throws on the first invalid byte: a reader decoding with it finds out late that the file is not UTF-8.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="deferUtf8Check">
    /// When the sample is valid UTF-8, return <see cref="StrictUtf8"/> without reading the rest: the caller checks while it
    /// reads, and calls <see cref="LegacyGuess"/> when decoding fails.
    /// </param>
    public static Encoding Detect(SourceFile source, CancellationToken cancellationToken, bool deferUtf8Check = false)
    {
        var sample = ReadSample(source);
        if (sample.Length == 0)
        {
            throw new IngestException($"{source.Label}: the file is empty.") { File = source.Label };
        }

        if (sample is [0xEF, 0xBB, 0xBF, ..])
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }

        if (sample is [0xFF, 0xFE, ..])
        {
            return Encoding.Unicode;
        }

        if (sample is [0xFE, 0xFF, ..])
        {
            return Encoding.BigEndianUnicode;
        }

        if (Array.IndexOf(sample, (byte)0) >= 0)
        {
            return DetectUtf16WithoutBom(sample)
                ?? throw Binary(source, Array.IndexOf(sample, (byte)0));
        }

        var controls = 0;
        var firstControl = -1;
        for (var i = 0; i < sample.Length; i++)
        {
            var b = sample[i];
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1A))
            {
                controls++;
                firstControl = firstControl < 0 ? i : firstControl;
            }
        }

        if (controls > sample.Length / 100)
        {
            throw Binary(source, firstControl);
        }

        if (deferUtf8Check && sample.Length == SampleBytes && IsUtf8Prefix(sample))
        {
            return StrictUtf8;
        }

        if (IsUtf8(source, cancellationToken))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        }

        return Legacy(sample);
    }

    /// <summary>
    /// The legacy code page for a file that turned out not to be UTF-8 late on. The guess is made from the first
    /// stretch of the file that holds non-ASCII bytes: a pure-ASCII sample says nothing about the code page.
    /// </summary>
    public static Encoding LegacyGuess(SourceFile source)
    {
        using var stream = source.Open();
        var buffer = new byte[SampleBytes];
        while (true)
        {
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            var chunk = buffer.AsSpan(0, total);
            var high = chunk.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (high >= 0 || total < buffer.Length)
            {
                return Legacy(chunk[Math.Max(0, high - 1024)..].ToArray());
            }
        }
    }

    private static Encoding Legacy(byte[] sample)
    {
        var detected = CharsetDetector.DetectFromBytes(sample).Detected;
        var encoding = detected?.Encoding;
        return encoding is null || encoding.CodePage is 65001 or 20127 ? Encoding.GetEncoding(1252) : encoding;
    }

    private static bool IsUtf8Prefix(byte[] sample)
    {
        try
        {
            // Not flushed: a character cut by the end of the sample is not an error.
            StrictUtf8.GetDecoder().GetCharCount(sample, 0, sample.Length, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static IngestException Binary(SourceFile source, int offset) =>
        new($"{source.Label}: the file looks binary (control byte at offset {offset}), not text.") { File = source.Label };

    private static byte[] ReadSample(SourceFile source)
    {
        using var stream = source.Open();
        var buffer = new byte[SampleBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    private static Encoding? DetectUtf16WithoutBom(byte[] sample)
    {
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] == 0)
            {
                if (i % 2 == 0)
                {
                    evenZeros++;
                }
                else
                {
                    oddZeros++;
                }
            }
        }

        var half = sample.Length / 2;
        if (oddZeros > half * 0.4 && evenZeros < half * 0.05)
        {
            return Encoding.Unicode;
        }

        return evenZeros > half * 0.4 && oddZeros < half * 0.05 ? Encoding.BigEndianUnicode : null;
    }

    private static bool IsUtf8(SourceFile source, CancellationToken cancellationToken)
    {
        using var stream = source.Open();
        var bytes = ArrayPool<byte>.Shared.Rent(1 << 16);
        var chars = ArrayPool<char>.Shared.Rent(1 << 16);
        try
        {
            var carried = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = stream.Read(bytes, carried, (1 << 16) - carried);
                var length = carried + read;
                var final = read == 0;
                var input = bytes.AsSpan(0, length);
                while (true)
                {
                    var status = Utf8.ToUtf16(input, chars.AsSpan(0, 1 << 16), out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                    input = input[consumed..];
                    if (status == OperationStatus.InvalidData)
                    {
                        return false;
                    }

                    if (status != OperationStatus.DestinationTooSmall)
                    {
                        break;
                    }
                }

                if (final)
                {
                    return true;
                }

                input.CopyTo(bytes);
                carried = input.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
