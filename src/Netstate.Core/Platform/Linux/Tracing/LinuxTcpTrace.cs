using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Tracing;

namespace Netstate.Core.Platform.Linux.Tracing;

/// <summary>
/// TCP events from the kernel's tracepoints through a private tracefs instance, read from the
/// per-CPU binary buffers (<c>per_cpu/cpuN/trace_pipe_raw</c>): exact nanosecond time stamps, no
/// text for the kernel to format and netstate to parse back, and pages that say when events were
/// lost. Plus, when asked, sock_diag's socket-destroy notifications for byte counts.
/// </summary>
internal sealed unsafe class LinuxTcpTrace : ITcpTrace
{
    private const int BufferKilobytesPerCpu = 4096;
    private const int MaxPagesPerCpuPerPoll = 4096;
    private readonly TracefsInstance _instance;
    private readonly TcpTracepointDecoder _decoder;
    private readonly RingBufferPageLayout _layout;
    private readonly List<FileDescriptorHandle> _cpus;
    private readonly SocketEndNotifications? _ends;
    private readonly byte[] _page;
    private readonly HashSet<string> _saidProblems = [];

    private LinuxTcpTrace(TracefsInstance instance, TcpTracepointDecoder decoder, RingBufferPageLayout layout,
        List<FileDescriptorHandle> cpus, SocketEndNotifications? ends, string description)
    {
        _instance = instance;
        _decoder = decoder;
        _layout = layout;
        _cpus = cpus;
        _ends = ends;
        _page = GC.AllocateUninitializedArray<byte>(layout.PageSize, pinned: true);
        Description = description;
    }

    public string Description { get; }

    public static LinuxTcpTrace Start(TcpTraceRequest request)
    {
        TracefsInstance instance = TracefsInstance.Create();
        var cpus = new List<FileDescriptorHandle>();
        SocketEndNotifications? ends = null;
        try
        {
            var layout = new RingBufferPageLayout(TraceEventFormat.Parse(File.ReadAllText(Path.Combine(instance.Root, "events/header_page")), "header_page"));
            var decoder = new TcpTracepointDecoder();
            var enabled = new List<string>();
            foreach ((string path, TcpTraceEventKind kind) in TcpTracepointDecoder.Events)
            {
                bool wanted = kind switch
                {
                    TcpTraceEventKind.StateChange => true,
                    TcpTraceEventKind.Retransmit => request.Retransmits,
                    _ => request.Resets,
                };
                if (!wanted)
                    continue;
                string format = $"events/{path}/format";
                if (!instance.Exists(format))
                {
                    if (kind == TcpTraceEventKind.StateChange)
                        throw new PlatformUnavailableException("this kernel has no sock/inet_sock_set_state tracepoint", "Linux 4.16 or later is needed");
                    throw new PlatformUnavailableException($"this kernel has no {path} tracepoint");
                }
                decoder.Add(kind, TraceEventFormat.Parse(instance.ReadText(format), path));
                enabled.Add(path);
            }
            instance.Write("trace_clock", "mono");
            // Thread to process ids kept by the tracer, for a caller that exits before netstate reads /proc (Linux 4.14+).
            if (instance.Exists("options/record-tgid"))
                instance.Write("options/record-tgid", "1");
            instance.Write("buffer_size_kb", BufferKilobytesPerCpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (string path in enabled)
                instance.Write($"events/{path}/enable", "1");
            instance.Write("tracing_on", "1");
            foreach (string cpu in instance.CpuDirectories())
                cpus.Add(OpenPipe(Path.Combine(cpu, "trace_pipe_raw")));
            if (request.SocketEnds)
                ends = SocketEndNotifications.Open();

            var description = new StringBuilder();
            foreach (string left in instance.Cleaned)
                description.Append("removed ").Append(left).Append(", left by an earlier run that was killed\n");
            if (instance.Mounted)
                description.Append("mounted tracefs on ").Append(instance.Root).Append(" (unmounted on exit)\n");
            description.Append("tracing ").Append(string.Join(", ", enabled)).Append(" in tracefs instance ").Append(instance.Name)
                .Append(" (removed on exit)");
            if (ends is not null)
                description.Append("; sock_diag socket-destroy notifications");
            return new LinuxTcpTrace(instance, decoder, layout, cpus, ends, description.ToString());
        }
        catch (Exception e) when (e is TraceFormatException or IOException or UnauthorizedAccessException or PlatformUnavailableException)
        {
            ends?.Dispose();
            foreach (FileDescriptorHandle cpu in cpus)
                cpu.Dispose();
            instance.Dispose();
            if (e is PlatformUnavailableException)
                throw;
            throw new PlatformUnavailableException($"cannot set up TCP tracing: {e.Message}");
        }
    }

    private static FileDescriptorHandle OpenPipe(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            int fd = Libc.Open(name, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (fd < 0)
                throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            return FileDescriptorHandle.FromDescriptor(fd);
        }
    }

    public TcpTraceBatch Poll()
    {
        var events = new List<TcpTraceRecord>();
        var processes = new Dictionary<int, int?>();
        SavedTasks? saved = null;
        var notes = new List<SourceNote>();
        long lost = 0;
        bool lostUncounted = false;
        int malformed = 0;
        string? firstProblem = null;
        foreach (FileDescriptorHandle cpu in _cpus)
        {
            for (int pages = 0; pages < MaxPagesPerCpuPerPoll; pages++)
            {
                nint read;
                fixed (byte* buffer = _page)
                    read = Libc.Read((int)cpu.DangerousGetHandle(), buffer, (nuint)_page.Length);
                if (read < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                        continue;
                    if (errno != Errno.EAGAIN)
                        Note(notes, $"reading the trace buffer failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                    break;
                }
                if (read == 0)
                    break;
                RingBufferPageResult page = _layout.Read(_page.AsSpan(0, (int)read), (in RingBufferEvent e) =>
                {
                    if (_decoder.TryDecode(e.Timestamp, e.Payload, out TcpTraceRecord record, out string? problem))
                        events.Add(record.CallerPid is int tid ? WithCaller(record, tid, processes, ref saved) : record);
                    else if (problem is not null)
                    {
                        malformed++;
                        firstProblem ??= problem;
                    }
                });
                lost += page.LostBefore;
                lostUncounted |= page.LostUncounted;
                if (page.Problem is not null)
                {
                    malformed++;
                    firstProblem ??= page.Problem;
                }
            }
        }
        if (malformed > 0)
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"{malformed} malformed trace record(s) skipped (first: {firstProblem})"));

        var ends = new List<TcpSocketEnd>();
        if (_ends is not null && _ends.Drain(ends, notes))
            notes.Add(new SourceNote(SourceNoteKind.Warning, "some socket-destroy notifications were lost (the kernel's queue overflowed): those lifetimes have no byte counts"));
        // Each CPU's buffer is in time order; merge them.
        return new TcpTraceBatch(events.OrderBy(e => e.Timestamp).ToArray(), ends, lost, lostUncounted, notes);
    }

    /// <summary>
    /// The record with its caller's process: from /proc while the thread lives; from the tracer's
    /// saved tasks (read once per poll, and marked) when it has exited; null when neither knows.
    /// </summary>
    private TcpTraceRecord WithCaller(TcpTraceRecord record, int tid, Dictionary<int, int?> processes, ref SavedTasks? saved)
    {
        if (ProcessOf(tid, processes) is int pid)
            return record with { CallerPid = pid };
        saved ??= SavedTasks.Read(_instance.Root);
        return saved.TryFind(tid, out int process, out byte[] name)
            ? record with { CallerPid = process, ExitedCallerName = name }
            : record with { CallerPid = null };
    }

    /// <summary>The process a task (thread) id belongs to, from /proc/TID/status; null when it has exited.</summary>
    private static int? ProcessOf(int tid, Dictionary<int, int?> cache)
    {
        if (cache.TryGetValue(tid, out int? known))
            return known;
        int? tgid = null;
        try
        {
            foreach (string line in File.ReadLines($"/proc/{tid}/status"))
            {
                if (line.StartsWith("Tgid:", StringComparison.Ordinal))
                {
                    tgid = int.TryParse(line.AsSpan(5).Trim(), System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : null;
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        cache[tid] = tgid;
        return tgid;
    }

    private void Note(List<SourceNote> notes, string text)
    {
        if (_saidProblems.Add(text))
            notes.Add(new SourceNote(SourceNoteKind.Warning, text));
    }

    public void Dispose()
    {
        _ends?.Dispose();
        foreach (FileDescriptorHandle cpu in _cpus)
            cpu.Dispose();
        _instance.Dispose();
    }
}
