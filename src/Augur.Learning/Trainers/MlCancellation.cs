using System.Reflection;
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

    public static CancellationTokenRegistration Register(MLContext ml, CancellationToken cancellationToken) =>
        Cancel is null ? default : cancellationToken.Register(() => Cancel.Invoke(ml, null));
}
