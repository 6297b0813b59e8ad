using System.Text;
using Netstate.Cli;
using Netstate.Cli.Output;

// Buffered UTF-8 output: a listing of 200,000 rows must not pay one write(2) per line. Both streams
// write the inherited descriptors directly (StandardStream says why); nothing here touches Console,
// which would initialise the terminal.
using var stdout = new StreamWriter(StandardStream.Output(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
using var stderr = new StreamWriter(StandardStream.Error(), new UTF8Encoding(false)) { AutoFlush = true };
if (Netstate.Core.Platform.Platforms.GuardTimeZone() is { } warning)
    stderr.WriteLine(Netstate.Core.Text.UntrustedText.Escape(warning));
return (int)NetstateApp.Run(args, stdout, stderr);
