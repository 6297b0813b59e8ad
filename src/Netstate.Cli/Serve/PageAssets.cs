using System.Collections.Frozen;

namespace Netstate.Cli.Serve;

/// <summary>
/// The web page's files, embedded in the binary (Serve/Page; no CDN, works offline), read once on
/// first use. Only these exact paths are served: nothing is looked up on disk.
/// </summary>
internal static class PageAssets
{
    private static readonly Lazy<FrozenDictionary<string, PageAsset>> Assets = new(Load);

    /// <summary>The asset at <paramref name="path"/>; null when there is none.</summary>
    public static PageAsset? Find(string path) => Assets.Value.GetValueOrDefault(path == "/" ? "/index.html" : path);

    private static FrozenDictionary<string, PageAsset> Load()
    {
        var assets = new Dictionary<string, PageAsset>(StringComparer.Ordinal);
        foreach ((string name, string type) in new[]
        {
            ("index.html", "text/html; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
        })
        {
            using Stream stream = typeof(PageAssets).Assembly.GetManifestResourceStream("page/" + name)
                ?? throw new InvalidOperationException($"the page file {name} is not embedded in this build");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets["/" + name] = new PageAsset(type, copy.ToArray());
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>One embedded file and its media type.</summary>
internal sealed record PageAsset(string ContentType, byte[] Content);
