namespace Augur.Data.Inference;

/// <summary>
/// Small, fast, non-cryptographic hashes for duplicate-row and uniqueness checks. Sets of these hashes keep memory
/// at 16 bytes per distinct row instead of the row itself; a collision (about 1 in 2^64 per pair) could at worst
/// count one row as a duplicate.
/// </summary>
internal static class Hashing
{
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        var h = seed ^ ((ulong)text.Length * 0x9E3779B97F4A7C15UL);
        foreach (var c in text)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return Mix(h);
    }

    public static UInt128 HashRow(ReadOnlySpan<string?> values)
    {
        var length = values.Length;
        while (length > 0 && values[length - 1] is null)
        {
            length--;
        }

        ulong a = 0x243F6A8885A308D3UL, b = 0x13198A2E03707344UL;
        for (var i = 0; i < length; i++)
        {
            var v = values[i];
            var ha = v is null ? 0x5bd1e995UL : Hash(v, 0xA4093822299F31D0UL);
            var hb = v is null ? 0x1b873593UL : Hash(v, 0x082EFA98EC4E6C89UL);
            a = Mix(a ^ ha) + (ulong)i;
            b = Mix(b + hb) ^ (ulong)i;
        }

        return new UInt128(a, b);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
