using System.Text.Json;

namespace Netstate.Cli.Rendering.Json;

/// <summary>
/// Vocabulary words (protocol, family, state, timer) escaped once each: the same few words fill
/// every socket of a listing, and a pre-escaped value skips the writer's transcoding and escape scan.
/// </summary>
internal sealed class EncodedWords
{
    /// <summary>More distinct words than the vocabulary has means they are not vocabulary: stop keeping them.</summary>
    private const int MaxWords = 64;

    private readonly Dictionary<string, JsonEncodedText> _words = new(StringComparer.Ordinal);

    public JsonEncodedText Of(string word)
    {
        if (_words.TryGetValue(word, out JsonEncodedText encoded))
            return encoded;
        encoded = JsonEncodedText.Encode(word, TerminalSafeJsonEncoder.Instance);
        if (_words.Count < MaxWords)
            _words[word] = encoded;
        return encoded;
    }
}
