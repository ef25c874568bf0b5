using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;

namespace Augur.Learning.Trainers;

/// <summary>
/// Bridges a CancellationToken into synchronous ML.NET training (DESIGN.md, convention 7). ML.NET 5 keeps
/// MLContext.CancelExecution behind its internal ICancelable interface, so it is reached by reflection once; once
/// called, training in that context throws OperationCanceledException at its next check. If a later ML.NET drops
/// the method, cancellation still happens, only at the end of the running fit.
/// </summary>
internal static class MlCancellation
{
    private static readonly MethodInfo? Cancel = typeof(MLContext)
        .GetInterfaces()
        .FirstOrDefault(i => i.FullName == "Microsoft.ML.Runtime.ICancelable")
        ?.GetMethod("CancelExecution");

    // The contexts cancelled through Register, for our own trainers, which cannot read ML.NET's internal flag.
    private static readonly ConditionalWeakTable<MLContext, object> Cancelled = new();

    public static CancellationTokenRegistration Register(MLContext ml, CancellationToken cancellationToken) =>
        cancellationToken.Register(() =>
        {
            Cancelled.TryAdd(ml, Cancelled);
            Cancel?.Invoke(ml, null);
        });

    /// <summary>Whether <see cref="Register"/>'s token cancelled the context, for our own trainers (extra trees) to stop at their next check.</summary>
    public static bool IsCancelled(MLContext ml) => Cancelled.TryGetValue(ml, out _);
}
