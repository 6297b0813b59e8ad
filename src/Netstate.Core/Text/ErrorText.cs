using System.Runtime.InteropServices;

namespace Netstate.Core.Text;

/// <summary>
/// System errors in plain words ("permission denied", "no space left on device (ENOSPC)"). The
/// published build strips .NET's exception texts (UseSystemResourceKeys), so an exception's Message
/// can be a resource key such as UnauthorizedAccess_IODenied_Path; every message that reports an
/// I/O failure to a user goes through here instead.
/// </summary>
internal static class ErrorText
{
    /// <summary>What went wrong, from the errno the exception carries or from its type.</summary>
    public static string Of(Exception error) => error switch
    {
        null => throw new ArgumentNullException(nameof(error)),
        IHasErrno { Errno: var errno } => OfErrno(errno),
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => OfErrno(ENOENT),
        PathTooLongException => OfErrno(ENAMETOOLONG),
        // On Linux .NET keeps the errno as the HResult of a plain IOException.
        IOException { HResult: > 0 and < 4096 } io => OfErrno(io.HResult),
        _ => error.Message,
    };

    /// <summary>The C library's text for <paramref name="errno"/>, lower-cased, with its symbolic name when known.</summary>
    public static string OfErrno(int errno)
    {
        string text = Marshal.GetPInvokeErrorMessage(errno);
        if (text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]))
            text = char.ToLowerInvariant(text[0]) + text[1..];
        return NameOf(errno) is { } name ? $"{text} ({name})" : text;
    }

    private const int ENOENT = 2;
    private const int ENAMETOOLONG = 36;

    /// <summary>Linux's names for the errors a reader or writer of files and streams meets.</summary>
    private static string? NameOf(int errno) => errno switch
    {
        1 => "EPERM",
        2 => "ENOENT",
        4 => "EINTR",
        5 => "EIO",
        6 => "ENXIO",
        9 => "EBADF",
        11 => "EAGAIN",
        12 => "ENOMEM",
        13 => "EACCES",
        16 => "EBUSY",
        20 => "ENOTDIR",
        21 => "EISDIR",
        22 => "EINVAL",
        23 => "ENFILE",
        24 => "EMFILE",
        27 => "EFBIG",
        28 => "ENOSPC",
        30 => "EROFS",
        32 => "EPIPE",
        36 => "ENAMETOOLONG",
        40 => "ELOOP",
        104 => "ECONNRESET",
        110 => "ETIMEDOUT",
        122 => "EDQUOT",
        _ => null,
    };
}

/// <summary>An error that knows the errno behind it.</summary>
internal interface IHasErrno
{
    int Errno { get; }
}
