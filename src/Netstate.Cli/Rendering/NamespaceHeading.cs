using Netstate.Core.Model;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// How the text output of who, doctor, explain, -s and --summary names the network namespace a part
/// is about: "netns web (net:[4026532291])", "netns docker:3f2a9c1b7d4e (net:[…])", "netns net:[…]";
/// netstate's own is marked as such: "netns net:[4026531840] (netstate's own)". Labels come from file names and cgroup paths: escaped here.
/// </summary>
internal static class NamespaceHeading
{
    /// <summary>"web (net:[4026532291])"; the kernel's spelling alone when the namespace has no other name.</summary>
    public static string Of(NetworkNamespace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        string own = space.IsOwn ? "netstate's own" : "";
        if (space.Label == space.KernelName)
            return own.Length == 0 ? space.KernelName : $"{space.KernelName} ({own})";
        return $"{UntrustedText.Escape(space.Label)} ({space.KernelName}{(own.Length == 0 ? "" : ", " + own)})";
    }

    /// <summary>A heading line before the part about <paramref name="space"/>, after a blank line unless it is the first part.</summary>
    public static void Write(TextWriter output, NetworkNamespace space, bool first)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!first)
            output.WriteLine();
        output.WriteLine($"== netns {Of(space)} ==");
    }
}
