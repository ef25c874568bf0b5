namespace Augur.Recommend.Data;

/// <summary>
/// The user × item matrix in CSR form: for user u, columns <c>Cols[RowPtr[u]..RowPtr[u+1]]</c> (ascending) with
/// the summed weights in <see cref="Values"/> and the latest event time of each cell in <see cref="Times"/>.
/// </summary>
public sealed class InteractionMatrix
{
    public InteractionMatrix(IdMap users, IdMap items, int[] rowPtr, int[] cols, float[] values, long[] times)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(rowPtr);
        ArgumentNullException.ThrowIfNull(cols);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(times);
        if (rowPtr.Length != users.Count + 1 || cols.Length != values.Length || cols.Length != times.Length)
        {
            throw new ArgumentException("The CSR arrays do not fit the id maps.", nameof(rowPtr));
        }

        Users = users;
        Items = items;
        RowPtr = rowPtr;
        Cols = cols;
        Values = values;
        Times = times;
        MaxTime = times.Length == 0 ? 0 : times.Max();
    }

    public IdMap Users { get; }

    public IdMap Items { get; }

    public int[] RowPtr { get; }

    public int[] Cols { get; }

    public float[] Values { get; }

    public long[] Times { get; }

    public long MaxTime { get; }

    public int UserCount => Users.Count;

    public int ItemCount => Items.Count;

    public int NonZeros => Cols.Length;

    public ReadOnlySpan<int> ItemsOf(int user) => Cols.AsSpan(RowPtr[user], RowPtr[user + 1] - RowPtr[user]);

    public ReadOnlySpan<float> ValuesOf(int user) => Values.AsSpan(RowPtr[user], RowPtr[user + 1] - RowPtr[user]);

    public ReadOnlySpan<long> TimesOf(int user) => Times.AsSpan(RowPtr[user], RowPtr[user + 1] - RowPtr[user]);

    /// <summary>The same matrix by item: for item i, the users who touched it (CSC of this matrix).</summary>
    public (int[] ColPtr, int[] Rows, float[] Values) Transpose()
    {
        var colPtr = new int[ItemCount + 1];
        foreach (var c in Cols)
        {
            colPtr[c + 1]++;
        }

        for (var i = 0; i < ItemCount; i++)
        {
            colPtr[i + 1] += colPtr[i];
        }

        var next = (int[])colPtr.Clone();
        var rows = new int[NonZeros];
        var values = new float[NonZeros];
        for (var u = 0; u < UserCount; u++)
        {
            for (var p = RowPtr[u]; p < RowPtr[u + 1]; p++)
            {
                var slot = next[Cols[p]]++;
                rows[slot] = u;
                values[slot] = Values[p];
            }
        }

        return (colPtr, rows, values);
    }

    /// <summary>Builds the matrix from a log; duplicate (user, item) events add their weights and keep the latest time.</summary>
    public static InteractionMatrix Build(InteractionLog log, IdMap? items = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var users = IdMap.Build(log.Users);
        items ??= IdMap.Build(log.Items);
        var cells = new Dictionary<long, (float Weight, long Time)>();
        for (var i = 0; i < log.Count; i++)
        {
            var item = items.IndexOf(log.Items[i]);
            if (item < 0)
            {
                continue;
            }

            var key = ((long)users.IndexOf(log.Users[i]) << 32) | (uint)item;
            cells[key] = cells.TryGetValue(key, out var cell)
                ? (cell.Weight + log.Weights[i], Math.Max(cell.Time, log.Times[i]))
                : (log.Weights[i], log.Times[i]);
        }

        var keys = cells.Keys.ToArray();
        Array.Sort(keys);
        var rowPtr = new int[users.Count + 1];
        var cols = new int[keys.Length];
        var values = new float[keys.Length];
        var times = new long[keys.Length];
        for (var p = 0; p < keys.Length; p++)
        {
            var user = (int)(keys[p] >> 32);
            rowPtr[user + 1]++;
            cols[p] = (int)(keys[p] & 0xFFFFFFFF);
            (values[p], times[p]) = cells[keys[p]];
        }

        for (var u = 0; u < users.Count; u++)
        {
            rowPtr[u + 1] += rowPtr[u];
        }

        return new InteractionMatrix(users, items, rowPtr, cols, values, times);
    }
}
