using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

// An open-loop load generator (wrk2's idea): requests start on a fixed schedule whether or not earlier ones have
// answered, and each latency is measured from the moment the request was due, so a stall is counted in full
// (no coordinated omission). Usage: LoadGen URL BODY_FILE RATE SECONDS [KEY]
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: LoadGen URL BODY_FILE RATE SECONDS [KEY]");
    return 2;
}

var url = new Uri(args[0]);
var body = await File.ReadAllTextAsync(args[1]);
var rate = double.Parse(args[2], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
var key = args.Length > 4 ? args[4] : null;
var total = (int)(rate * seconds);
var latencies = new double[total];
var errors = 0;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
if (key is not null)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
}

// Warm-up, not counted: 200 requests one after another, so the generator's own JIT and connection setup do not
// land in the first scheduled requests' latencies (they would otherwise dominate p99.9 of a 30 s run).
for (var i = 0; i < 200; i++)
{
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    using var response = await http.PostAsync(url, content);
    await response.Content.ReadAsByteArrayAsync();
}

var clock = Stopwatch.StartNew();
var pending = new List<Task>(total);
for (var i = 0; i < total; i++)
{
    var due = i / rate;
    // Sleep rather than spin until the request is due: the generator shares the machine with the server, and a
    // spinning generator takes a whole core from it. A sleep that overshoots makes the request late, and the lateness
    // is counted in its latency (measured from `due`), so this can only make the server look slower, never faster.
    while (clock.Elapsed.TotalSeconds < due)
    {
        Thread.Sleep(1);
    }

    var index = i;
    pending.Add(Task.Run(async () =>
    {
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(url, content);
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)  // a timeout is an error, not a crash
        {
            Interlocked.Increment(ref errors);
        }

        latencies[index] = (clock.Elapsed.TotalSeconds - due) * 1000;
    }));
}

await Task.WhenAll(pending);
var elapsed = clock.Elapsed.TotalSeconds;
Array.Sort(latencies);
double P(double p) => latencies[Math.Min(total - 1, (int)Math.Ceiling(p * total) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"JSON {{\"requests\": {total}, \"errors\": {errors}, \"target_rps\": {rate}, \"achieved_rps\": {total / elapsed:F1}, \"p50_ms\": {P(0.50):F3}, \"p99_ms\": {P(0.99):F3}, \"p999_ms\": {P(0.999):F3}, \"max_ms\": {latencies[^1]:F3}}}"));
return 0;
