using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Augur.Data.Inference;

/// <summary>
/// Exact duplicate-row detection in bounded memory. Pass 1 hashes every row (128 bits, see <see cref="Hashing"/>) in
/// order. The first <see cref="MemoryRows"/> distinct hashes live in a set, so duplicates among them are found at
/// once (and pass 1's inference skips them). Past that, hashes go to partition files on disk by their top bits, and
/// <see cref="Resolve"/> reads one partition at a time after pass 1, so memory is one partition's set, about
/// 1/<see cref="Partitions"/> of the rows. Either way the verdict is kept as one bit per row, which pass 2 reads
/// instead of hashing again.
/// </summary>
internal sealed class DuplicateRows : IDisposable
{
    /// <summary>Distinct rows hashed in memory before spilling to disk (16 bytes each in a set at most half full: 64 MB).</summary>
    /// <remarks>
    /// Two million rather than one: a 100 MB CSV (1.4 million rows) then never spills, and spilling (writing every hash
    /// to 128 files, reading them back, closing them) was about 8 % of its CPU time in a profile; memory is still
    /// bounded (about 200 MB peak RSS at 100 MB and 1 GB).
    /// </remarks>
    public const int MemoryRows = 1 << 21;

    private const int Partitions = 128;
    private const int EntryBytes = 24;

    private readonly int memoryRows;
    private readonly DuplicateRows? earlier;
    private readonly List<ulong> duplicateBits = [];
    private HashSet128? memory;
    private FileStream[]? spill;
    private string? spillDirectory;
    private long rows;

    /// <param name="expectedRows">
    /// About how many rows are coming (0: unknown): the in-memory set starts that large (up to its cap) instead of
    /// doubling its way there; rehashing a million hashes on the way up was about 3 % of pass 1 (profiled).
    /// </param>
    /// <param name="memoryRows">Distinct rows kept in memory before spilling: each half of a file read in halves keeps half as many.</param>
    /// <param name="earlier">
    /// The rows of the file before these (the first half of a file read in halves, still in memory): a row it holds is a
    /// duplicate here too.
    /// </param>
    public DuplicateRows(int memoryRows = MemoryRows, long expectedRows = 0, DuplicateRows? earlier = null)
    {
        if (earlier is { InMemory: false })
        {
            throw new ArgumentException("The earlier rows must still be in memory.", nameof(earlier));
        }

        this.earlier = earlier;
        this.memoryRows = memoryRows;
        memory = new HashSet128((int)Math.Min(Math.Max(expectedRows + (expectedRows / 4), 1 << 12), memoryRows));
    }

    public bool Spilled => spill is not null;

    /// <summary>Every distinct row is still in the in-memory set, so a duplicate is known the moment it is observed.</summary>
    public bool InMemory => memory is not null;

    /// <summary>Pass 1, every valid row in order: true when the row is already known to be a duplicate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Observe(UInt128 hash)
    {
        var ordinal = rows++;
        if ((ordinal & 63) == 0)
        {
            duplicateBits.Add(0);
        }

        if (earlier is not null && earlier.memory!.Contains(hash))
        {
            Mark(ordinal);
            return true;
        }

        if (memory is not null)
        {
            if (!memory.Add(hash))
            {
                Mark(ordinal);
                return true;
            }

            if (memory.Count >= memoryRows)
            {
                StartSpilling();
            }

            return false;
        }

        Write(hash, ordinal);
        return false;
    }

    /// <summary>Pass 1: the row's hash will be observed soon; its slot in the in-memory set is fetched meanwhile.</summary>
    public void Prefetch(UInt128 hash)
    {
        earlier?.memory?.Prefetch(hash);
        memory?.Prefetch(hash);
    }

    /// <summary>
    /// After pass 1 on a file read in two halves (this the first, <paramref name="later"/> the second): finds each
    /// half's duplicates that pass 1 did not know of, as <see cref="Resolve"/> does, and whether any row of the second
    /// half repeats one of the first. When one does, the halves cannot stand for the file (and the counts are not set).
    /// </summary>
    public (bool Shared, long LateFirst, long LateSecond) ResolveHalves(DuplicateRows later, CancellationToken cancellationToken)
    {
        if (memory is not null)
        {
            // The first half in memory knows every duplicate of its own; the second half's rows are looked up in it
            // (from memory, or from its spilled partitions), and its own late duplicates found as one reader finds them.
            var hashes = later.memory?.Items() ?? later.spill!.SelectMany(Entries).Select(e => e.Hash);
            foreach (var hash in hashes)
            {
                if (memory.Contains(hash))
                {
                    return (true, 0, 0);
                }
            }

            return (false, 0, later.Resolve(cancellationToken));
        }

        // Partition by partition, both halves' spilled hashes: the same hash always lands in the same partition.
        if (later.spill is null)
        {
            later.StartSpilling();
        }

        // Each partition file is read once: resolving it leaves its distinct hashes, which are then compared. Marks made
        // before a shared row is found do not matter: the halves are then given up.
        long lateFirst = 0, lateSecond = 0;
        for (var p = 0; p < Partitions; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lateFirst += ResolvePartition(spill![p], out var first);
            lateSecond += later.ResolvePartition(later.spill![p], out var second);
            if (second.Items().Any(first.Contains))
            {
                return (true, 0, 0);
            }
        }

        return (false, lateFirst, lateSecond);
    }

    /// <summary>After pass 1: finds the duplicates among the spilled rows; returns how many pass 1 did not know of.</summary>
    public long Resolve(CancellationToken cancellationToken)
    {
        if (spill is null)
        {
            return 0;
        }

        long found = 0;
        foreach (var file in spill)
        {
            cancellationToken.ThrowIfCancellationRequested();
            found += ResolvePartition(file, out _);
        }

        return found;
    }

    /// <summary>Pass 2: whether the valid row with this ordinal (counted from 0, as in pass 1) is a duplicate.</summary>
    public bool IsDuplicate(long ordinal)
    {
        var word = ordinal >> 6;
        return word < duplicateBits.Count && (duplicateBits[(int)word] & (1UL << (int)(ordinal & 63))) != 0;
    }

    public void Dispose()
    {
        if (spill is not null)
        {
            foreach (var file in spill)
            {
                file.Dispose();
            }
        }

        if (spillDirectory is not null && Directory.Exists(spillDirectory))
        {
            Directory.Delete(spillDirectory, recursive: true);
        }
    }

    /// <summary>Marks the repeated rows of one partition (its entries are in row order) and empties it; <paramref name="seen"/> holds its distinct hashes.</summary>
    private long ResolvePartition(FileStream file, out HashSet128 seen)
    {
        long found = 0;
        seen = new HashSet128((int)Math.Min(file.Length / EntryBytes, 1 << 28));
        foreach (var (hash, ordinal) in Entries(file))
        {
            // Entries are in row order within a partition (the in-memory ones, written first, came first).
            if (!seen.Add(hash) && ordinal >= 0)
            {
                Mark(ordinal);
                found++;
            }
        }

        file.SetLength(0);
        return found;
    }

    private static IEnumerable<(UInt128 Hash, long Ordinal)> Entries(FileStream file)
    {
        file.Flush();
        file.Position = 0;
        var entry = new byte[EntryBytes];
        while (file.Read(entry) == EntryBytes)
        {
            yield return (
                new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(entry.AsSpan(8)), BinaryPrimitives.ReadUInt64LittleEndian(entry)),
                BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(16)));
        }
    }

    private void Mark(long ordinal) => duplicateBits[(int)(ordinal >> 6)] |= 1UL << (int)(ordinal & 63);

    private void StartSpilling()
    {
        spillDirectory = Path.Combine(Path.GetTempPath(), $"augur-dedup-{Guid.NewGuid():N}");
        Directory.CreateDirectory(spillDirectory);
        spill = new FileStream[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            spill[p] = new FileStream(
                Path.Combine(spillDirectory, $"{p}.bin"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 14, FileOptions.DeleteOnClose);
        }

        foreach (var hash in memory!.Items())
        {
            Write(hash, -1); // a first occurrence, already counted as kept
        }

        memory = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Write(UInt128 hash, long ordinal)
    {
        Span<byte> entry = stackalloc byte[EntryBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, (ulong)hash);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)(hash >> 64));
        BinaryPrimitives.WriteInt64LittleEndian(entry[16..], ordinal);
        spill![(int)((ulong)(hash >> 64) >> 57)].Write(entry);
    }
}
