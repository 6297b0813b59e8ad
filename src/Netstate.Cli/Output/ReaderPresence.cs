namespace Netstate.Cli.Output;

/// <summary>
/// The pause between the rounds of a repeating mode (-c, --jsonl -c; later watch, trace and serve):
/// it ends the run as soon as the reader of standard output goes away, as a failed write would.
/// </summary>
internal static class ReaderPresence
{
    /// <summary>
    /// Waits <paramref name="interval"/>; throws <see cref="OutputFailedException"/> (EPIPE) when the
    /// reader of <paramref name="output"/> leaves meanwhile. Writers that are not standard output
    /// (tests, files) just wait.
    /// </summary>
    public static void Pause(TextWriter output, TimeSpan interval)
    {
        if (output is StreamWriter { BaseStream: StandardStream stream })
        {
            if (!stream.WaitWhileReaderPresent(interval))
                throw new OutputFailedException(Core.Platform.Linux.Interop.Errno.EPIPE);
            return;
        }
        Thread.Sleep(interval);
    }
}
