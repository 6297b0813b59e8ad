namespace Netstate.Cli.Commands;

/// <summary>
/// What netstate says on Windows about the owners it could not name, in one place. Windows netstat -b
/// refuses to run unelevated ("The requested operation requires elevation."); netstate shows what
/// this user can see instead, says so, and exits 0.
/// </summary>
internal static class WindowsOwnerNotes
{
    /// <summary>Windows netstat's own sentence, which starts netstate's note.</summary>
    public const string RequiresElevation = "The requested operation requires elevation.";

    /// <summary>
    /// The one line for stderr, or null when there is nothing to say.
    /// </summary>
    /// <param name="executables">-b was given.</param>
    /// <param name="elevated">Whether this process is elevated (TokenElevation); null when the token could not be read.</param>
    /// <param name="hidden">How many processes holding the listed sockets could not be opened.</param>
    public static string? Note(bool executables, bool? elevated, int hidden)
    {
        if (executables && elevated == false)
        {
            string unnamed = hidden == 0
                ? "every process holding these sockets could be named"
                : hidden == 1
                    ? "1 process could not be named (its rows say \"Can not obtain ownership information\")"
                    : $"{hidden} processes could not be named (their rows say \"Can not obtain ownership information\")";
            return $"{RequiresElevation} Shown is what this user can see: {unnamed}. Run from an elevated prompt (Run as administrator) to see every owner.";
        }
        if (hidden == 0)
            return null;
        // Elevated or not asked for -b: the PIDs are there, some names are not (protected processes even when elevated).
        return elevated == true
            ? $"(The names of {hidden} processes could not be read even from an elevated prompt: protected processes. Their PIDs are shown.)"
            : $"(The names of {hidden} processes could not be read: the requested operation requires elevation. Their PIDs are shown; run as administrator to see the names.)";
    }

    /// <summary>For <c>who</c>: why some processes could not be inspected, in Windows' words.</summary>
    public static string HiddenReason(bool? elevated) => elevated == true
        ? "access denied even when elevated: protected processes"
        : "access denied; run from an elevated prompt to see them";
}
