using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>HTTP clients for servers inside a test namespace: each request's socket is made on the namespace's thread, so it connects inside it.</summary>
public static class NamespaceHttp
{
    public static HttpClient Client(NetworkNamespace ns, int port, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancel) =>
        {
            Socket socket = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = timeout };
}
