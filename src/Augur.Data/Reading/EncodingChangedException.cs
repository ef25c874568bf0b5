namespace Augur.Data.Reading;

/// <summary>
/// A reader that assumed UTF-8 from the sample met a byte that is not UTF-8 later on. It has switched to the legacy
/// code page; everything it returned so far is void, and the caller reads again from the start.
/// </summary>
internal sealed class EncodingChangedException(string message, Exception inner) : Exception(message, inner);
