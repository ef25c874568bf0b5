using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

// An open-loop load generator: requests leave on a fixed schedule (rate per second) whether or not earlier ones
// have answered, and each latency is measured from its scheduled time, so a stall is not hidden (no coordinated
// omission). wrk (Debian's, not wrk2) cannot hold a fixed rate, hence this loop.
// Usage: LoadLoop BASE_URL PATHS_FILE RATE SECONDS [API_KEY]
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: LoadLoop BASE_URL PATHS_FILE RATE SECONDS [API_KEY]");
    return 2;
}

var baseUrl = new Uri(args[0]);
var paths = File.ReadAllLines(args[1]).Where(l => l.Length > 0).ToArray();
var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = baseUrl };
if (args.Length > 4)
{
    client.DefaultRequestHeaders.Add("X-Api-Key", args[4]);
}

// Warm-up: connections, JIT, caches.
for (var i = 0; i < 200; i++)
{
    using var r = await client.GetAsync(paths[i % paths.Length]);
}

var total = (int)(rate * seconds);
var latencies = new ConcurrentBag<double>();
var errors = 0;
var watch = Stopwatch.StartNew();
var pending = new List<Task>(total);
for (var i = 0; i < total; i++)
{
    var scheduled = i / rate;
    var wait = scheduled - watch.Elapsed.TotalSeconds;
    if (wait > 0.001)
    {
        await Task.Delay(TimeSpan.FromSeconds(wait));
    }

    while (watch.Elapsed.TotalSeconds < scheduled)
    {
        Thread.SpinWait(50);
    }

    var path = paths[i % paths.Length];
    pending.Add(Task.Run(async () =>
    {
        try
        {
            using var response = await client.GetAsync(path);
            _ = await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref errors);
        }

        latencies.Add((watch.Elapsed.TotalSeconds - scheduled) * 1000);
    }));
}

await Task.WhenAll(pending);
var sorted = latencies.Order().ToArray();
double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"requests {sorted.Length}, errors {errors}, offered {rate:0}/s over {seconds:0} s, p50 {P(0.50):0.00} ms, p90 {P(0.90):0.00} ms, p99 {P(0.99):0.00} ms, p99.9 {P(0.999):0.00} ms, max {sorted[^1]:0.00} ms"));
return errors == 0 ? 0 : 1;
