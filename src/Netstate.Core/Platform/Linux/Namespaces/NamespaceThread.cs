using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>
/// A dedicated thread inside another network namespace. setns(2) moves only the calling thread, so
/// the rest of netstate never leaves its own namespace; a netlink socket opened on this thread, and
/// /proc/thread-self/net read from it, belong to the namespace entered. The thread ends on dispose
/// and takes its namespace membership with it: there is nothing to move back.
/// </summary>
internal sealed class NamespaceThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    /// <summary>Enters the namespace of the nsfs file at <paramref name="path"/>.</summary>
    /// <param name="path">An nsfs file: a bind mount, /proc/PID/ns/net, /proc/PID/task/TID/ns/net, /proc/PID/fd/N.</param>
    /// <param name="expected">
    /// The inode the namespace was found with: when the file now refers to another one (its process
    /// exited and the PID was reused), it is not entered. Null enters whatever the file refers to.
    /// </param>
    /// <exception cref="NamespaceException">The file cannot be opened or entered (with the reason).</exception>
    public NamespaceThread(string path, ulong? expected = null)
    {
        FileDescriptorHandle descriptor = Open(path);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() =>
        {
            using (descriptor)
            {
                if (Libc.SetNamespace(descriptor, Libc.CLONE_NEWNET) != 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    entered.SetException(new NamespaceException(errno == Errno.EPERM
                        ? $"cannot enter {path}: entering a network namespace needs CAP_SYS_ADMIN (run as root)"
                        : $"cannot enter {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno));
                    return;
                }
            }
            if (expected is ulong inode && NamespaceFiles.InodeOf(ProcRoot.ThisThread.NetworkNamespaceLink) is ulong now && now != inode)
            {
                entered.SetException(new NamespaceException(
                    $"net:[{inode.ToString(System.Globalization.CultureInfo.InvariantCulture)}] is gone ({path} now refers to net:[{now.ToString(System.Globalization.CultureInfo.InvariantCulture)}])", Errno.ENOENT));
                return;
            }
            entered.SetResult();
            foreach (Action action in _work.GetConsumingEnumerable())
                action();
        })
        { IsBackground = true, Name = "netstate netns" };
        _thread.Start();
        entered.Task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="work"/> on the thread inside the namespace and returns its result.</summary>
    public T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        _work.Add(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        failure?.Throw();
        return result;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
            _thread.Join();
        _work.Dispose();
    }

    private static unsafe FileDescriptorHandle Open(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        int descriptor;
        fixed (byte* pointer = bytes)
            descriptor = Libc.Open(pointer, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (descriptor < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new NamespaceException(errno == Errno.ENOENT
                ? $"{path} does not exist"
                : $"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        return FileDescriptorHandle.FromDescriptor(descriptor);
    }
}

/// <summary>A namespace could not be opened or entered; <see cref="Errno"/> says why.</summary>
internal sealed class NamespaceException(string message, int errno) : Exception(message)
{
    public int Errno { get; } = errno;
}
