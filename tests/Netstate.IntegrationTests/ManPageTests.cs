using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>docs/man/netstate.1 lints clean, renders, and documents every option each --help lists.</summary>
public sealed partial class ManPageTests
{
    private static string Page => Path.Combine(PublishedNetstate.RepositoryRoot, "docs", "man", "netstate.1");

    [Fact]
    public void Mandoc_and_groff_find_nothing_to_warn_about()
    {
        ProcessResult mandoc = ProcessResult.Run(Tools.Require("mandoc", "mandoc"), ["-T", "lint", "-W", "warning", Page]);
        Assert.True(mandoc.ExitCode == 0 && mandoc.Stdout.Length == 0 && mandoc.Stderr.Length == 0, $"mandoc -T lint:\n{mandoc.Stdout}{mandoc.Stderr}");

        ProcessResult groff = ProcessResult.Run(Tools.Require("groff", "groff-base"), ["-ww", "-z", "-mandoc", Page]);
        Assert.True(groff.ExitCode == 0 && groff.Stderr.Length == 0, $"groff -ww:\n{groff.Stderr}");
    }

    [Fact]
    public void Man_renders_the_page_with_its_sections()
    {
        ProcessResult man = ProcessResult.Run("man", ["-l", Page], new Dictionary<string, string> { ["MANWIDTH"] = "100", ["MANPAGER"] = "cat", ["PAGER"] = "cat" });

        Assert.True(man.ExitCode == 0, man.Stderr);
        foreach (string section in new[] { "NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "FILTER EXPRESSIONS", "OUTPUT FORMATS", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "COMPATIBILITY", "SEE ALSO" })
            Assert.Contains("\n" + section + "\n", Plain(man.Stdout), StringComparison.Ordinal);
        Assert.Contains("netstat(8)", Plain(man.Stdout), StringComparison.Ordinal);
        Assert.Contains("ss(8)", Plain(man.Stdout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("doctor", "--help")]
    [InlineData("explain", "--help")]
    [InlineData("lab", "--help")]
    [InlineData("watch", "--help")]
    [InlineData("trace", "--help")]
    [InlineData("life", "--help")]
    [InlineData("record", "--help")]
    [InlineData("history", "--help")]
    [InlineData("completion", "--help")]
    public void Every_option_the_help_lists_is_in_the_man_page(params string[] arguments)
    {
        ProcessResult help = ProcessResult.Run(Tools.NetstateBinary, [.. arguments]);
        ProcessResult page = ProcessResult.Run("mandoc", ["-T", "ascii", Page]);
        string text = Plain(page.Stdout);

        string[] options = HelpOption().Matches(help.Stdout).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.True(options.Length > 0, $"no options found in:\n{help.Stdout}");
        string[] missing = options.Where(option => !Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(option)}(?![\w-])")).ToArray();
        Assert.True(missing.Length == 0, $"the man page does not mention {string.Join(", ", missing)}");
    }

    /// <summary>Rendered text without overstriking (bold is "N\bN").</summary>
    private static string Plain(string rendered) => Overstrike().Replace(rendered, "");

    // An option spelling (one letter after one dash: "[-vWeen...]" is a bundle, not an option) at the start of a help line, after ", ", "|" or "[": "  -a, --all", "-t|--tcp", "[--json]".
    [GeneratedRegex(@"(?:^ +|, |\||  |\[)(--[A-Za-z0-9][A-Za-z0-9-]*|-[A-Za-z0-9](?![A-Za-z0-9]))", RegexOptions.Multiline)]
    private static partial Regex HelpOption();

    [GeneratedRegex(".\b")]
    private static partial Regex Overstrike();
}
