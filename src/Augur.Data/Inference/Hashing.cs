using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Augur.Data.Inference;

/// <summary>
/// Small, fast, non-cryptographic hashes for duplicate-row and uniqueness checks. Sets of these hashes keep memory
/// at 16 bytes per distinct row instead of the row itself. Each value is hashed to 64 bits, so two rows that differ
/// in one value collide with a chance of about 1 in 2^64; a collision could at worst count one row as a duplicate.
/// </summary>
internal static class Hashing
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Hash(ReadOnlySpan<char> text, ulong seed)
    {
        // Four characters per step: this runs on every cell of pass 1.
        var h = seed ^ ((ulong)text.Length * 0x9E3779B97F4A7C15UL);
        var bytes = MemoryMarshal.AsBytes(text);
        while (bytes.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 32;
            bytes = bytes[8..];
        }

        foreach (var b in bytes)
        {
            h = (h ^ b) * 0x100000001B3UL;
        }

        return Mix(h);
    }

    /// <summary>A row's hash; missing cells count alike, and missing cells at the end do not count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UInt128 HashRow(Reading.RowCells cells, int width = int.MaxValue)
    {
        var length = Math.Min(cells.Count, width);
        while (length > 0 && cells.IsMissing(length - 1))
        {
            length--;
        }

        ulong a = 0x243F6A8885A308D3UL, b = 0x13198A2E03707344UL;
        for (var i = 0; i < length; i++)
        {
            var h = cells.IsMissing(i) ? 0x5bd1e995UL : Hash(cells[i], 0xA4093822299F31D0UL);
            a = Mix(a ^ h) + (ulong)i;
            b = Mix(b + (h * 0xC2B2AE3D27D4EB4FUL)) ^ (ulong)i;
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
