namespace Augur.Recommend.Models;

/// <summary>Lloyd's k-means with a k-means++ start, on row-major dense rows.</summary>
public static class KMeans
{
    public static float[] Fit(float[] rows, int count, int dimensions, int k, int iterations, int seed, CancellationToken cancellationToken, out int[] assignment)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var random = new Random(seed);
        var centroids = new float[k * dimensions];
        var distance = new float[count];
        Array.Fill(distance, float.MaxValue);
        var first = random.Next(count);
        rows.AsSpan(first * dimensions, dimensions).CopyTo(centroids);
        for (var c = 1; c < k; c++)
        {
            var total = 0.0;
            for (var i = 0; i < count; i++)
            {
                distance[i] = Math.Min(distance[i], Distance(rows, i, centroids, c - 1, dimensions));
                total += distance[i];
            }

            var pick = random.NextDouble() * total;
            var chosen = count - 1;
            for (var i = 0; i < count && total > 0; i++)
            {
                pick -= distance[i];
                if (pick <= 0)
                {
                    chosen = i;
                    break;
                }
            }

            rows.AsSpan(chosen * dimensions, dimensions).CopyTo(centroids.AsSpan(c * dimensions));
        }

        assignment = new int[count];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = 0;
            var labels = assignment;
            Parallel.For(0, count, i =>
            {
                var best = 0;
                var bestDistance = float.MaxValue;
                for (var c = 0; c < k; c++)
                {
                    var dist = Distance(rows, i, centroids, c, dimensions);
                    if (dist < bestDistance)
                    {
                        bestDistance = dist;
                        best = c;
                    }
                }

                if (labels[i] != best || iteration == 0)
                {
                    labels[i] = best;
                    Interlocked.Increment(ref changed);
                }
            });

            var sizes = new int[k];
            Array.Clear(centroids);
            for (var i = 0; i < count; i++)
            {
                sizes[labels[i]]++;
                DenseMath.AddScaled(centroids.AsSpan(labels[i] * dimensions, dimensions), 1f, rows.AsSpan(i * dimensions, dimensions));
            }

            for (var c = 0; c < k; c++)
            {
                for (var j = 0; j < dimensions && sizes[c] > 0; j++)
                {
                    centroids[(c * dimensions) + j] /= sizes[c];
                }
            }

            if (changed == 0)
            {
                break;
            }
        }

        return centroids;
    }

    private static float Distance(float[] rows, int i, float[] centroids, int c, int dimensions)
    {
        var sum = 0f;
        for (var j = 0; j < dimensions; j++)
        {
            var diff = rows[(i * dimensions) + j] - centroids[(c * dimensions) + j];
            sum += diff * diff;
        }

        return sum;
    }
}
