using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Augur.Data.Inference;

/// <summary>
/// A set of 128-bit row hashes in one flat array (open addressing, linear probing, at most half full). Pass 1 looks up
/// every row in a set of up to a million hashes; a <see cref="HashSet{T}"/> costs two or three cache misses per
/// lookup there (bucket, entry, and their resizes), this costs about one, which profiling showed to be most of its cost.
/// The hashes are already well mixed (<see cref="Hashing"/>), so their low bits are the slot.
/// </summary>
internal sealed class HashSet128(int initialCapacity = 1 << 12)
{
    private UInt128[] slots = NewTable(Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)initialCapacity * 2)));
    private int filled;
    private bool hasZero; // zero marks an empty slot, so the (unlikely) zero hash is kept aside

    public int Count => filled + (hasZero ? 1 : 0);

    /// <summary>False when the hash was there already.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Add(UInt128 hash)
    {
        if (hash == UInt128.Zero)
        {
            var added = !hasZero;
            hasZero = true;
            return added;
        }

        if ((filled + 1) * 2 > slots.Length)
        {
            Grow();
        }

        return Insert(slots, hash);
    }

    /// <summary>
    /// Asks the processor to fetch the hash's slot into cache. The set is tens of megabytes, so a lookup is usually a
    /// cache miss; asked for one row ahead, while the row before is observed, the miss overlaps useful work.
    /// </summary>
    public unsafe void Prefetch(UInt128 hash)
    {
        if (Sse.IsSupported)
        {
            fixed (UInt128* slot = &slots[(int)((ulong)hash & (ulong)(slots.Length - 1))])
            {
                Sse.Prefetch0(slot);
            }
        }
    }

    public bool Contains(UInt128 hash)
    {
        if (hash == UInt128.Zero)
        {
            return hasZero;
        }

        var mask = slots.Length - 1;
        for (var i = (int)((ulong)hash & (ulong)mask); slots[i] != UInt128.Zero; i = (i + 1) & mask)
        {
            if (slots[i] == hash)
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerable<UInt128> Items()
    {
        if (hasZero)
        {
            yield return UInt128.Zero;
        }

        foreach (var hash in slots)
        {
            if (hash != UInt128.Zero)
            {
                yield return hash;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Insert(UInt128[] table, UInt128 hash)
    {
        var mask = table.Length - 1;
        var i = (int)((ulong)hash & (ulong)mask);
        while (true)
        {
            var slot = table[i];
            if (slot == UInt128.Zero)
            {
                table[i] = hash;
                filled++;
                return true;
            }

            if (slot == hash)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>An empty table, written to before it is read.</summary>
    /// <remarks>
    /// A large array comes as fresh pages that nobody has touched. Were a lookup's read the first access to a page, the
    /// kernel would map its shared zero page, and the insert's write after it would be a copy-on-write fault that flushes
    /// the TLB on every core the process runs on: an interrupt per page, costly on a virtual machine (6 % of a 100 MB
    /// ingest's CPU in a profile). Clearing writes first, so each page is simply allocated.
    /// </remarks>
    private static UInt128[] NewTable(int length)
    {
        var table = new UInt128[length];
        table.AsSpan().Clear();
        return table;
    }

    private void Grow()
    {
        var old = slots;
        slots = NewTable(old.Length * 2);
        filled = 0;
        foreach (var hash in old)
        {
            if (hash != UInt128.Zero)
            {
                Insert(slots, hash);
            }
        }
    }
}
