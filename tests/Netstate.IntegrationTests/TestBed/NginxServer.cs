using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// Debian's nginx (a daemon that rewrites its process titles: "nginx: master process ...",
/// "nginx: worker process") serving on 127.0.0.1 in a private namespace, once per test class. Its
/// master and two workers all hold the listener, as on a real server. Stopped (and its directory
/// removed) when the class is done.
/// </summary>
public sealed class NginxServer : IDisposable
{
    /// <summary>The port nginx serves on.</summary>
    public const int Port = 8080;

    /// <summary>A second server with a two-connection backlog, for accept-queue tests.</summary>
    public const int SmallBacklogPort = 8081;

    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-nginx-").FullName;

    public NginxServer()
    {
        string nginx = Tools.Require("nginx", "nginx-light");
        File.WriteAllText(Path.Combine(_directory, "nginx.conf"), $$"""
            daemon off;
            master_process on;
            worker_processes 2;
            pid {{_directory}}/nginx.pid;
            error_log {{_directory}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{_directory}}/body;
                proxy_temp_path {{_directory}}/proxy;
                fastcgi_temp_path {{_directory}}/fastcgi;
                uwsgi_temp_path {{_directory}}/uwsgi;
                scgi_temp_path {{_directory}}/scgi;
                server { listen 127.0.0.1:{{Port}}; location / { return 200 "ok\n"; } }
                server { listen 127.0.0.1:{{SmallBacklogPort}} backlog=2; location / { return 200 "ok\n"; } }
            }
            """);
        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true };
        foreach (string argument in (string[])["-p", _directory, "-e", Path.Combine(_directory, "error.log"), "-c", Path.Combine(_directory, "nginx.conf")])
            start.ArgumentList.Add(argument);
        Master = Namespace.Run(() => Process.Start(start)!);
        for (int attempt = 0; WorkerPids().Count < 2 || !Accepts(); attempt++)
        {
            if (Master.HasExited || attempt > 100)
                throw new InvalidOperationException($"nginx did not start: {(Master.HasExited ? Master.StandardError.ReadToEnd() : "no workers after 10 s")}");
            Thread.Sleep(100);
        }
    }

    public NetworkNamespace Namespace { get; } = new();

    /// <summary>The master process (our child; it runs in the foreground).</summary>
    public Process Master { get; }

    /// <summary>The master's worker processes.</summary>
    public List<int> WorkerPids()
    {
        var workers = new List<int>();
        foreach (string directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out int pid))
                continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(directory, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == Master.Id)
                    workers.Add(pid);
            }
            catch (IOException)
            {
                // exited meanwhile
            }
        }
        return workers;
    }

    private bool Accepts() => Namespace.Run(() =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    });

    public void Dispose()
    {
        Master.Kill(entireProcessTree: true);
        Master.WaitForExit(10_000);
        Master.Dispose();
        Namespace.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
