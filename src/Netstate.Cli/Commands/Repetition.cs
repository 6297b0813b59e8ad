using Netstate.Cli.Arguments;
using Netstate.Cli.Output;

namespace Netstate.Cli.Commands;

/// <summary>netstat's -c for every mode: one listing, or one every interval until --count is reached.</summary>
internal static class Repetition
{
    /// <summary>
    /// Runs <paramref name="listOnce"/> once, or repeatedly under -c; a failed round ends the run, and
    /// so does the reader of the output going away (<see cref="OutputFailedException"/>).
    /// </summary>
    public static ReturnCode Run(NetstatOptions options, TextWriter output, Func<ReturnCode> listOnce)
    {
        for (int round = 1; ; round++)
        {
            ReturnCode code = listOnce();
            output.Flush();
            if (code != ReturnCode.Success || !options.Continuous || (options.Count > 0 && round >= options.Count))
                return code;
            ReaderPresence.Pause(output, options.Interval);
        }
    }
}
