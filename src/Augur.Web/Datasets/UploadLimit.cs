using Augur.Platform;
using Augur.Platform.Configuration;

namespace Augur.Web.Datasets;

/// <summary>The one check of an upload's size against Augur:MaxUploadBytes, for datasets and files to score alike.</summary>
internal static class UploadLimit
{
    /// <param name="what">How the message names the upload: "orders.csv: the file is", or "the 3 files are".</param>
    public static void Check(AugurOptions options, long bytes, string what)
    {
        if (bytes > options.MaxUploadBytes)
        {
            throw new PlatformValidationException("file", $"{what} {bytes / 1_048_576} MB; the limit is {options.MaxUploadBytes / 1_048_576} MB.");
        }
    }
}
