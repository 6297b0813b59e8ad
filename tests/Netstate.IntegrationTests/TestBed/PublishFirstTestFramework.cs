using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Netstate.IntegrationTests.TestBed.PublishFirstTestFramework", "Netstate.IntegrationTests")]

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// Publishes the native binary before the first test starts, so no test's clock (a helper process
/// that lives 30 s, a socket in TIME_WAIT) runs during the few minutes of the publish.
/// </summary>
public sealed class PublishFirstTestFramework : XunitTestFramework
{
    public PublishFirstTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName)
    {
        try
        {
            _ = PublishedNetstate.Binary;
        }
        catch (InvalidOperationException)
        {
            // The failure is kept by the lazy value: every test that runs netstate reports it.
        }
        return base.CreateExecutor(assemblyName);
    }
}
