namespace Augur.Platform.Storage.Encryption;

/// <summary>
/// An artifact that cannot be decrypted: its key is gone from the key ring, or the file was altered or cut short.
/// The message names the artifact, never a key.
/// </summary>
public sealed class ArtifactDecryptionException(string message, Exception? inner = null) : IOException(message, inner);
