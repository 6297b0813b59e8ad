using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Core.Tests;

/// <summary>
/// The service list behind -b's service line: EnumServicesStatusExW's entries laid out as the API
/// documents them (ENUM_SERVICE_STATUS_PROCESSW, names after the entries in the same buffer), and its
/// ERROR_MORE_DATA protocol (partial entries, a resume handle, a size for the rest).
/// </summary>
public sealed unsafe class WindowsServicesTests
{
    private const int MoreData = 234;

    [Fact]
    public void The_entry_is_laid_out_as_on_64_bit_windows()
    {
        Assert.Equal(56, sizeof(EnumServiceStatusProcess));
        Assert.Equal(44, (int)Marshal.OffsetOf<EnumServiceStatusProcess>(nameof(EnumServiceStatusProcess.dwProcessId)));
    }

    [Fact]
    public void A_list_too_long_for_one_buffer_is_read_on_from_the_resume_handle_with_a_grown_buffer()
    {
        // A machine's 40 services, 6 of them in one svchost.exe; the fake SCM fills what fits, as Windows does.
        var services = Enumerable.Range(0, 40).Select(i => ($"Service{i:D2}-{new string('x', 2000)}", (uint)(i < 6 ? 1060 : 2000 + i))).ToList();
        services.Add(("Stopping", 0));
        var fake = new FakeServiceManager(services.ToArray());

        IReadOnlyDictionary<uint, string[]> byPid = WindowsServices.Read(fake.Call);

        Assert.True(fake.Calls >= 2, $"{fake.Calls} calls");
        Assert.Equal(0u, fake.ResumeHandles[0]);
        Assert.All(fake.ResumeHandles.Skip(1), handle => Assert.NotEqual(0u, handle));
        Assert.True(fake.BufferSizes.Max() > fake.BufferSizes[0], "the buffer grew to the size the rest needs");
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"Service{i:D2}-{new string('x', 2000)}"), byPid[1060]);
        Assert.Equal([$"Service39-{new string('x', 2000)}"], byPid[2039]);
        Assert.Equal(35, byPid.Count);
        Assert.DoesNotContain(0u, byPid.Keys);
    }

    [Fact]
    public void A_host_that_answers_more_data_with_no_entries_gets_a_buffer_of_the_size_it_asked_for()
    {
        var fake = new FakeServiceManager(new (string, uint)[] { ("RpcSs", 700), ("RpcEptMapper", 700), ("Dnscache", 1500) }) { FirstCallNeeds = 200_000 };

        IReadOnlyDictionary<uint, string[]> byPid = WindowsServices.Read(fake.Call);

        Assert.Equal(200_000, fake.BufferSizes[1]);
        Assert.Equal(["RpcEptMapper", "RpcSs"], byPid[700]);
        Assert.Equal(["Dnscache"], byPid[1500]);
    }

    [Fact]
    public void Another_error_is_raised_with_its_code_and_a_list_that_never_ends_stops()
    {
        var denied = Assert.Throws<Win32Exception>(() => WindowsServices.Read((byte* b, uint size, out uint needed, out uint returned, ref uint resume) =>
        {
            needed = 0;
            returned = 0;
            return 5;
        }));
        Assert.Equal(5, denied.NativeErrorCode);

        int calls = 0;
        var endless = Assert.Throws<Win32Exception>(() => WindowsServices.Read((byte* b, uint size, out uint needed, out uint returned, ref uint resume) =>
        {
            calls++;
            needed = size;
            returned = 0;
            resume++;
            return MoreData;
        }));
        Assert.Equal(WindowsServices.MaxCalls, calls);
        Assert.Contains("did not end", endless.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_count_or_name_pointer_outside_the_buffer_is_refused_not_followed()
    {
        byte[] buffer = new byte[64];
        var byPid = new Dictionary<uint, SortedSet<string>>();

        Assert.Throws<InvalidDataException>(() => WindowsServices.Parse(buffer, 0x1000, 2, byPid));
        BitConverter.GetBytes(0x9999L).CopyTo(buffer, 0);
        BitConverter.GetBytes(42u).CopyTo(buffer, 44);
        Assert.Throws<InvalidDataException>(() => WindowsServices.Parse(buffer, 0x1000, 1, byPid));
        // A name with no NUL before the buffer ends.
        BitConverter.GetBytes(0x1000L + 56).CopyTo(buffer, 0);
        Encoding.Unicode.GetBytes("abcd").CopyTo(buffer, 56);
        Assert.Throws<InvalidDataException>(() => WindowsServices.Parse(buffer, 0x1000, 1, byPid));
        Assert.Empty(byPid);
    }

    /// <summary>
    /// A service control manager that lays out as many entries as fit (entries first, names from the
    /// end of the buffer back, as Windows packs them), then says ERROR_MORE_DATA with the size the rest needs.
    /// </summary>
    private sealed class FakeServiceManager((string Name, uint Pid)[] services)
    {
        public int Calls { get; private set; }

        public List<uint> ResumeHandles { get; } = [];

        public List<int> BufferSizes { get; } = [];

        /// <summary>When set, the first call fills nothing and asks for this many bytes.</summary>
        public uint? FirstCallNeeds { get; init; }

        public int Call(byte* buffer, uint size, out uint needed, out uint returned, ref uint resume)
        {
            Calls++;
            ResumeHandles.Add(resume);
            BufferSizes.Add((int)size);
            returned = 0;
            if (Calls == 1 && FirstCallNeeds is uint first)
            {
                needed = first;
                return MoreData;
            }
            int next = (int)resume;
            uint top = size;
            while (next < services.Length)
            {
                byte[] name = Encoding.Unicode.GetBytes(services[next].Name + "\0");
                uint entryEnd = (returned + 1) * 56;
                if (entryEnd + name.Length > top)
                    break;
                top -= (uint)name.Length;
                new ReadOnlySpan<byte>(name).CopyTo(new Span<byte>(buffer + top, name.Length));
                var entry = new EnumServiceStatusProcess { lpServiceName = (nint)(buffer + top), lpDisplayName = (nint)(buffer + top), dwCurrentState = 4, dwProcessId = services[next].Pid };
                *(EnumServiceStatusProcess*)(buffer + (returned * 56)) = entry;
                returned++;
                next++;
            }
            resume = (uint)next;
            needed = (uint)services.Skip(next).Sum(s => 56 + Encoding.Unicode.GetByteCount(s.Name + "\0"));
            return next < services.Length ? MoreData : 0;
        }
    }
}
