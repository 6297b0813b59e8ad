// Lists the TCP listeners of this machine with the processes that own them, through the
// Netstate.Core package: one snapshot, listeners only (the kernel filters the states), with owners.
// Process names are chosen by whoever started the process: escaped before they reach the terminal.
using System.Net;
using Netstate.Core;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Text;

ProcRoot procRoot = ProcRoot.FromEnvironment();
using var source = new LinuxSocketSource(SourceChoice.Auto, procRoot);
var query = new SocketQuery(SocketTables.Tcp) { TcpStates = TcpStateSet.Of(TcpState.Listen) };
Snapshot snapshot = new SocketSnapshotReader(source, procRoot).Read(query, withOwners: true);

Console.WriteLine($"{"Local address",-46} Owners");
foreach (SocketEntry socket in snapshot.Entries.OrderBy(s => s.Local.Port))
{
    IPEndPoint local = socket.Local.ToIPEndPoint();
    var owners = new List<string>();
    if (snapshot.Owners is { } map)
    {
        foreach (SocketOwner owner in map.Get(socket.Inode))
            owners.Add($"{owner.Process.Pid}/{UntrustedText.Escape(owner.Process.ProgramNameText)}");
    }
    Console.WriteLine($"{local,-46} {(owners.Count > 0 ? string.Join(", ", owners.Distinct()) : "-")}");
}
