using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.Namespaces;

namespace Netstate.Core.Tests;

/// <summary>Each runtime's way of naming a container's cgroup, and paths that only look like one.</summary>
public sealed class ContainerCgroupsTests
{
    private const string Id = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

    [Theory]
    [InlineData("/system.slice/docker-" + Id + ".scope", "docker")]
    [InlineData("/docker/" + Id, "docker")]
    [InlineData("/system.slice/containerd.service/kubepods-burstable-pod1.slice:cri-containerd:" + Id, null)]
    [InlineData("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod12.slice/cri-containerd-" + Id + ".scope", "containerd")]
    [InlineData("/kubepods/burstable/pod0b1c2d3e-aaaa-bbbb-cccc-0123456789ab/" + Id, "kubernetes")]
    [InlineData("/machine.slice/libpod-" + Id + ".scope/container", "podman")]
    [InlineData("/kubepods.slice/kubepods-pod1.slice/crio-" + Id + ".scope", "cri-o")]
    public void Each_runtime_is_recognised_by_its_cgroup_name(string path, string? runtime)
    {
        ContainerId? container = ContainerCgroups.Recognise(path);
        Assert.Equal(runtime, container?.Runtime);
        if (runtime is not null)
            Assert.Equal(Id, container!.Id);
    }

    [Fact]
    public void An_nspawn_machine_is_named_by_its_unescaped_machine_name()
    {
        Assert.Equal(new ContainerId("nspawn", "web-1"), ContainerCgroups.Recognise(@"/machine.slice/machine-web\x2d1.scope/payload"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/user.slice/user-0.slice/session-3.scope")]
    [InlineData("/system.slice/docker.service")]
    [InlineData("/system.slice/docker-notanid.scope")]
    [InlineData("/system.slice/libpod-conmon-" + Id + ".scope")]
    [InlineData("/docker/" + "3F2A9C1B7D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8")]
    public void Ordinary_cgroups_are_no_container(string path) => Assert.Null(ContainerCgroups.Recognise(path));

    [Fact]
    public void A_hybrid_systems_v1_line_is_read_when_the_v2_line_is_the_root()
    {
        string file = $"12:memory:/docker/{Id}\n1:name=systemd:/docker/{Id}\n0::/\n";
        Assert.Equal(new ContainerId("docker", Id), ContainerCgroups.RecogniseFile(file));
        Assert.Null(ContainerCgroups.RecogniseFile("0::/\n"));
    }

    [Fact]
    public void A_long_id_is_shortened_as_docker_ps_shows_it()
    {
        Assert.Equal("docker:3f2a9c1b7d4e", new ContainerId("docker", Id).ToString());
        Assert.Equal("nspawn:web-1", new ContainerId("nspawn", "web-1").ToString());
    }

    [Fact]
    public void Nsfs_mounts_are_found_in_mountinfo_with_their_escaped_paths()
    {
        const string MountInfo = """
            22 1 0:21 / /sys rw,nosuid shared:7 - sysfs sysfs rw
            500 25 0:4 net:[4026532291] /run/netns/blue rw shared:5 - nsfs nsfs rw
            501 25 0:4 net:[4026532400] /run/my\040netns/x rw - nsfs nsfs rw
            502 25 0:4 mnt:[4026532500] /run/mntns rw - nsfs nsfs rw

            """;
        Assert.Equal([(4026532291UL, "/run/netns/blue"), (4026532400UL, "/run/my netns/x")], NamespaceFiles.NsfsMounts(MountInfo).ToArray());
    }

    [Theory]
    [InlineData("net:[4026531840]", 4026531840UL)]
    [InlineData("net:[]", null)]
    [InlineData("mnt:[4026531840]", null)]
    [InlineData("net:[12a]", null)]
    [InlineData("net:[4026531840", null)]
    [InlineData("net:[+1]", null)]
    public void The_kernels_spelling_of_a_namespace_is_parsed_strictly(string text, ulong? inode)
    {
        Assert.Equal(inode, NamespaceFiles.ParseKernelName(text));
        // The same from a descriptor's link, as bytes.
        Assert.Equal(inode, NamespaceFiles.ParseKernelName(System.Text.Encoding.ASCII.GetBytes(text)));
    }
}
