using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// packaging/build-deb.sh on the published binary: lintian finds nothing, and the package installs
/// into this machine with dpkg -i, works (binary, man page, completions where each shell looks) and
/// removes with dpkg -r leaving nothing behind. The install is real, so the test refuses to run over
/// a netstate already installed here and removes its own even when an assertion fails.
/// </summary>
public sealed class DebianPackageTests
{
    private static readonly Lazy<string> Package = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] Installed =
    [
        "/usr/bin/netstate",
        "/usr/share/man/man1/netstate.1.gz",
        "/usr/share/bash-completion/completions/netstate",
        "/usr/share/zsh/vendor-completions/_netstate",
        "/usr/share/fish/vendor_completions.d/netstate.fish",
        "/usr/share/doc/netstate/copyright",
        "/usr/share/doc/netstate/changelog.gz",
        "/lib/systemd/system/netstate.service",
    ];

    [Fact]
    public void Lintian_reports_nothing_even_pedantic()
    {
        Tools.Require("lintian", "lintian");
        ProcessResult lintian = ProcessResult.Run("lintian", ["--pedantic", "--info", "--display-experimental", "--fail-on", "error,warning,info,pedantic,experimental", Package.Value]);

        Assert.True(lintian.ExitCode == 0 && lintian.Stdout.Length == 0, $"lintian (exit {lintian.ExitCode}):\n{lintian.Stdout}\n{lintian.Stderr}");
    }

    [Fact]
    public void The_package_holds_the_binary_man_page_completions_and_depends_on_libc_only_recommending_sqlite()
    {
        string version = PublishedNetstate.Run("--version").Stdout.Split(' ')[1];
        Assert.Equal($"netstate_{version}_amd64.deb", Path.GetFileName(Package.Value));
        Assert.Matches(@"^libc6 \(>= 2\.\d+\)$", DpkgDeb("-f", Package.Value, "Depends").Trim());
        // record and history load the system's SQLite only when they run.
        Assert.Equal("libsqlite3-0", DpkgDeb("-f", Package.Value, "Recommends").Trim());
        Assert.Equal("amd64", DpkgDeb("-f", Package.Value, "Architecture").Trim());

        string[] files = DpkgDeb("-c", Package.Value).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line[0] == '-').Select(line => line[(line.IndexOf("./", StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Installed.Order(StringComparer.Ordinal), files);
        Assert.Contains("-rwxr-xr-x root/root", DpkgDeb("-c", Package.Value), StringComparison.Ordinal);
    }

    [Fact]
    public void The_copyright_file_grants_the_licence_of_LICENSE()
    {
        string root = System.IO.Directory.CreateTempSubdirectory("netstate-deb-").FullName;
        try
        {
            DpkgDeb("-x", Package.Value, root);
            string copyright = File.ReadAllText(Path.Combine(root, "usr/share/doc/netstate/copyright"));
            string[] licence = File.ReadAllLines(Path.Combine(PublishedNetstate.RepositoryRoot, "LICENSE"));

            Assert.Equal("MIT License", licence[0]);
            Assert.Contains($"\nCopyright: {licence[2]["Copyright (c) ".Length..]}\nLicense: Expat\n", copyright, StringComparison.Ordinal);
            // The licence text as the copyright format folds it: one leading space, "." for a blank line.
            string folded = string.Join('\n', licence.Skip(4).Select(line => line.Length == 0 ? " ." : " " + line));
            Assert.EndsWith($"License: Expat\n{folded}\n", copyright, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Installs_runs_and_removes_without_a_trace()
    {
        Assert.False(IsInstalled(), "a netstate package is installed on this machine: remove it (dpkg -r netstate) so the test can install and remove its own");
        Assert.False(File.Exists("/usr/bin/netstate"), "/usr/bin/netstate exists outside dpkg: the test would overwrite it");
        try
        {
            ProcessResult install = ProcessResult.Run("dpkg", ["-i", Package.Value]);
            Assert.True(install.ExitCode == 0, $"dpkg -i failed:\n{install.Stdout}\n{install.Stderr}");
            foreach (string file in Installed)
                Assert.True(File.Exists(file), $"{file} was not installed");
            // systemd accepts the unit for serve, now that its binary and man page are in place.
            ProcessResult verify = ProcessResult.Run(Tools.Require("systemd-analyze", "systemd"), ["verify", "/lib/systemd/system/netstate.service"]);
            Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, $"systemd-analyze verify:\n{verify.Stdout}\n{verify.Stderr}");

            ProcessResult listing = ProcessResult.Run("/usr/bin/netstate", ["-tln"]);
            Assert.True(listing.ExitCode == 0, listing.Stderr);
            Assert.StartsWith("Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address", listing.Stdout, StringComparison.Ordinal);

            ProcessResult man = ProcessResult.Run("man", ["-w", "netstate"]);
            Assert.Equal("/usr/share/man/man1/netstate.1.gz", man.Stdout.Trim());

            // Each shell finds the completions where it looks by itself: bash-completion's on-demand
            // loader, zsh's vendor directory in the default $fpath, fish's vendor_completions.d.
            // (The loader returns 124, "retry", when it found and sourced a script.)
            ProcessResult bash = ProcessResult.Run("bash", ["-c", "source /usr/share/bash-completion/bash_completion; _completion_loader netstate; complete -p netstate"]);
            Assert.Equal("complete -F _netstate netstate", bash.Stdout.Trim());
            string zshDump = Path.Combine(Path.GetTempPath(), $"netstate-zcompdump-{Environment.ProcessId}");
            ProcessResult zsh = ProcessResult.Run("zsh", ["-fc", $"autoload -U compinit && compinit -u -d {zshDump} && print -r -- $_comps[netstate]"]);
            File.Delete(zshDump);
            Assert.True(zsh.Stdout.Trim() == "_netstate", $"zsh did not find _netstate in $fpath: [{zsh.Stdout}] {zsh.Stderr}");
            ProcessResult fish = ProcessResult.Run("fish", ["-c", "complete -C 'netstate --form'"]);
            Assert.StartsWith("--format\t", fish.Stdout, StringComparison.Ordinal);

            ProcessResult remove = ProcessResult.Run("dpkg", ["-r", "netstate"]);
            Assert.True(remove.ExitCode == 0, $"dpkg -r failed:\n{remove.Stdout}\n{remove.Stderr}");
            Assert.False(IsInstalled(), "dpkg still lists netstate after dpkg -r");
            foreach (string path in Installed.Append("/usr/share/doc/netstate"))
                Assert.False(Path.Exists(path), $"{path} is left behind after dpkg -r");
        }
        finally
        {
            if (IsInstalled())
                ProcessResult.Run("dpkg", ["--purge", "netstate"]);
        }
    }

    private static bool IsInstalled()
    {
        ProcessResult query = ProcessResult.Run("dpkg-query", ["-W", "-f", "${db:Status-Status}", "netstate"]);
        return query.ExitCode == 0 && query.Stdout.Trim() is not ("not-installed" or "");
    }

    private static string DpkgDeb(params string[] arguments)
    {
        ProcessResult result = ProcessResult.Run("dpkg-deb", arguments);
        Assert.True(result.ExitCode == 0, $"dpkg-deb {string.Join(' ', arguments)}: {result.Stderr}");
        return result.Stdout;
    }

    private static string Build()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "deb");
        if (System.IO.Directory.Exists(output))
            System.IO.Directory.Delete(output, recursive: true);
        ProcessResult build = ProcessResult.Run(Path.Combine(PublishedNetstate.RepositoryRoot, "packaging", "build-deb.sh"), [output],
            new Dictionary<string, string> { ["NETSTATE_BINARY"] = PublishedNetstate.Binary });
        Assert.True(build.ExitCode == 0, $"build-deb.sh failed:\n{build.Stdout}\n{build.Stderr}");
        string deb = build.Stdout.Trim();
        Assert.True(File.Exists(deb), $"build-deb.sh printed '{deb}', which does not exist");
        return deb;
    }
}
