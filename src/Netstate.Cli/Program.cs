using System.Text;
using Netstate.Cli;

// Buffered UTF-8 output: a listing of 200,000 rows must not pay one write(2) per line.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
using var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
return (int)NetstateApp.Run(args, stdout, stderr);
