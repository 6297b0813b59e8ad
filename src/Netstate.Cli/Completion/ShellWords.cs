using System.Buffers;

namespace Netstate.Cli.Completion;

/// <summary>Checks and quotes the words and descriptions written into completion scripts.</summary>
internal static class ShellWords
{
    private static readonly SearchValues<char> Plain =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,");

    /// <summary>The words joined by spaces; every word must need no quoting in any of the shells.</summary>
    public static string Join(IEnumerable<string> words)
    {
        var list = words.ToList();
        foreach (string word in list)
        {
            if (word.Length == 0 || word.AsSpan().ContainsAnyExcept(Plain))
                throw new InvalidOperationException($"completion word '{word}' would need quoting");
        }
        return string.Join(' ', list);
    }
}
