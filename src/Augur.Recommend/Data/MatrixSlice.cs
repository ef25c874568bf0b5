namespace Augur.Recommend.Data;

/// <summary>Cells of a matrix split by their (latest) event time, keeping the same user and item indices.</summary>
public static class MatrixSlice
{
    public static InteractionMatrix Where(InteractionMatrix matrix, Func<long, bool> keepTime)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(keepTime);
        var rowPtr = new int[matrix.UserCount + 1];
        var cols = new List<int>();
        var values = new List<float>();
        var times = new List<long>();
        for (var u = 0; u < matrix.UserCount; u++)
        {
            for (var p = matrix.RowPtr[u]; p < matrix.RowPtr[u + 1]; p++)
            {
                if (keepTime(matrix.Times[p]))
                {
                    cols.Add(matrix.Cols[p]);
                    values.Add(matrix.Values[p]);
                    times.Add(matrix.Times[p]);
                }
            }

            rowPtr[u + 1] = cols.Count;
        }

        return new InteractionMatrix(matrix.Users, matrix.Items, rowPtr, [.. cols], [.. values], [.. times]);
    }

    /// <summary>The time before which <paramref name="fraction"/> of the cells lie.</summary>
    public static long TimeQuantile(InteractionMatrix matrix, double fraction)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.NonZeros == 0)
        {
            return 0;
        }

        var times = (long[])matrix.Times.Clone();
        Array.Sort(times);
        return times[Math.Min(times.Length - 1, (int)(times.Length * fraction))];
    }
}
