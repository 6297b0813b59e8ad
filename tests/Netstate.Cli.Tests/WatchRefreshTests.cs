using Netstate.Cli.Watch;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Text;
using static Netstate.Cli.Tests.TestSockets;

namespace Netstate.Cli.Tests;

/// <summary>
/// What a refresh of the live view is made of at scale: the owner scans beside the refreshes, the
/// first refresh's sort by flat keys, and the lean tcp_info figures feeding the rows.
/// </summary>
public class WatchRefreshTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static OwnerMap Map(ulong inode, int pid)
    {
        var first = new Dictionary<ulong, int> { [inode] = 0 };
        var chain = new (SocketOwner Owner, int Next)[] { (new SocketOwner(new ProcessInfo(pid, RawText.ToBytes("p" + pid)), 3), -1) };
        return new OwnerMap(first, chain, [], sawAnyProcess: true, scannedAsRoot: true);
    }

    /// <summary>A clock that moves only when told: a scan takes no time on it.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = Start;

        public override DateTimeOffset GetUtcNow() => Now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now.UtcTicks;
    }

    [Fact]
    public void Quick_scans_run_in_each_refresh_and_owners_never_lag()
    {
        int scans = 0;
        var owners = new OwnerScans(() => Map(1, ++scans), TimeSpan.Zero);
        for (int i = 1; i <= 3; i++)
        {
            OwnerScan scan = owners.Latest(out bool fresh);
            Assert.True(fresh);
            Assert.Equal(i, scan.Map.First(1)!.Value.Process.Pid);
        }
        owners.Finish();
    }

    [Fact]
    public void A_slow_scan_runs_beside_the_refreshes_and_a_refresh_joins_the_latest_finished_one()
    {
        int scans = 0;
        var clock = new ManualClock();
        using var gate = new ManualResetEventSlim(false);
        var owners = new OwnerScans(() =>
        {
            int n = Interlocked.Increment(ref scans);
            if (n > 1)
                gate.Wait(); // the background scan, held until the test lets it finish
            return Map(1, n);
        }, TimeSpan.FromSeconds(1), inlineBelow: TimeSpan.Zero, time: clock);

        // The first refresh waits for its scan.
        OwnerScan first = owners.Latest(out bool fresh);
        Assert.True(fresh);
        Assert.Equal(1, first.Map.First(1)!.Value.Process.Pid);

        // Within the interval the first scan serves and none starts.
        Assert.Same(first, owners.Latest(out fresh));
        Assert.False(fresh);
        Assert.Equal(1, Volatile.Read(ref scans));

        // Once due, the next starts a scan in the background and goes on with the first one's owners.
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.Same(first, owners.Latest(out fresh));
        Assert.False(fresh);
        // While it runs, no other scan starts.
        Assert.Same(first, owners.Latest(out _));
        gate.Set();
        owners.Finish();
        Assert.Equal(2, Volatile.Read(ref scans));

        OwnerScan second = owners.Latest(out fresh);
        Assert.False(fresh);
        Assert.Equal(2, second.Map.First(1)!.Value.Process.Pid);
        owners.Finish();
    }

    [Fact]
    public void After_a_rescan_the_next_refresh_waits_for_a_scan_of_its_own()
    {
        int scans = 0;
        var owners = new OwnerScans(() => Map(1, Interlocked.Increment(ref scans)), TimeSpan.FromHours(1), inlineBelow: TimeSpan.Zero, time: new ManualClock());
        owners.Latest(out _);
        owners.Latest(out bool fresh);
        Assert.False(fresh); // not due for an hour: the first scan serves
        owners.Rescan();
        OwnerScan scan = owners.Latest(out fresh);
        Assert.True(fresh);
        Assert.Equal(2, scan.Map.First(1)!.Value.Process.Pid);
    }

    [Fact]
    public void A_first_refresh_of_many_sockets_is_in_endpoint_order_as_the_row_comparison_has_it()
    {
        var random = new Random(7);
        var entries = new List<SocketEntry>();
        for (int i = 0; i < 5000; i++)
        {
            bool v6 = random.Next(4) == 0;
            entries.Add(new SocketEntry
            {
                Protocol = Protocol.Tcp, Family = v6 ? Family.Inet6 : Family.Inet,
                Local = At(v6 ? $"fd00::{random.Next(1, 4)}" : $"10.0.{random.Next(2)}.{random.Next(1, 4)}", (ushort)random.Next(1, 6)),
                Remote = At(random.Next(3) == 0 ? "::1" : $"192.168.0.{random.Next(1, 3)}", (ushort)random.Next(65530, 65536)),
                RawState = (byte)TcpState.Established, RecvQueue = 0, SendQueue = 0,
                Cookie = random.Next(5) == 0 ? 0 : (ulong)random.Next(1, 50), Inode = (ulong)random.Next(1, 50),
            });
        }
        var table = new WatchTable();
        table.Apply(entries, null, Start);

        IReadOnlyList<WatchRow> ordered = table.ByEndpoints;
        Assert.Equal(entries.Count, ordered.Count);
        Assert.Equal(ordered.OrderBy(r => r, Comparer<WatchRow>.Create(WatchTable.CompareByEndpoints)), ordered);
        for (int i = 1; i < ordered.Count; i++)
            Assert.True(WatchTable.CompareByEndpoints(ordered[i - 1], ordered[i]) <= 0, $"rows {i - 1} and {i} out of order");
    }

    [Fact]
    public void Rows_take_rtt_and_rates_from_the_lean_figures_and_keep_no_details()
    {
        SocketEntry Reading(ulong acked, ulong received) => new()
        {
            Protocol = Protocol.Tcp, Family = Family.Inet, Local = At("127.0.0.1", 40001), Remote = At("127.0.0.1", 5000),
            RawState = (byte)TcpState.Established, RecvQueue = 0, SendQueue = 0, Cookie = 9,
            TcpFigures = new TcpFigures(2500, acked, received),
        };
        var table = new WatchTable();
        table.Apply([Reading(1000, 500)], null, Start);
        table.Apply([Reading(3000, 1500)], null, Start.AddSeconds(2));

        WatchRow row = Assert.Single(table.ByEndpoints);
        Assert.Equal(2500u, row.RoundTripTime);
        Assert.Equal(3000ul, row.BytesAcked);
        Assert.Equal(1500ul, row.BytesReceived);
        Assert.Equal(1000.0, row.SendRate);
        Assert.Equal(500.0, row.ReceiveRate);
        Assert.Null(row.Entry.Details);
    }
}
