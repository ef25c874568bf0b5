using System.Globalization;
using Augur.Learning.Bundles;

// Loads one bundle N times (each load warmed up, as the model cache does) and prints what each copy costs: the growth
// of the managed heap after a full collection, of the resident set, and the bytes allocated while loading.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: ModelMemory BUNDLE [COPIES]");
    return 2;
}

var bytes = await File.ReadAllBytesAsync(args[0]);
var copies = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;

// One load first, so that JIT, ML.NET's component catalog and other once-per-process costs are not counted per model.
using (var first = await ModelBundle.LoadAsync(new MemoryStream(bytes), CancellationToken.None))
{
    first.WarmUp();
}

var kept = new List<ModelBundle>();
var heapBefore = Heap();
var rssBefore = Environment.WorkingSet;
long allocated = 0;
for (var i = 0; i < copies; i++)
{
    // Loading from memory runs on this thread, so the thread's allocation counter sees all of it.
    var start = GC.GetAllocatedBytesForCurrentThread();
    var bundle = ModelBundle.LoadAsync(new MemoryStream(bytes), CancellationToken.None).GetAwaiter().GetResult();
    bundle.WarmUp();
    allocated += GC.GetAllocatedBytesForCurrentThread() - start;
    kept.Add(bundle);
}

var heap = (Heap() - heapBefore) / copies;
var rss = (Environment.WorkingSet - rssBefore) / copies;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"bundle {bytes.Length:N0} B, {copies} copies; per model: managed heap {heap:N0} B ({(double)heap / bytes.Length:0.0}x), " +
    $"resident {rss:N0} B ({(double)rss / bytes.Length:0.0}x), allocated while loading {allocated / copies:N0} B ({(double)allocated / copies / bytes.Length:0.0}x)"));
GC.KeepAlive(kept);
foreach (var bundle in kept)
{
    bundle.Dispose();
}

return 0;

static long Heap()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}
