using Netstate.Cli.Commands;

namespace Netstate.Cli.Tests;

/// <summary>What netstate says on Windows about owners it could not name: Windows netstat -b's refusal, turned into a note.</summary>
public sealed class WindowsOwnerNotesTests
{
    [Fact]
    public void Dash_b_unelevated_says_windows_netstats_sentence_then_what_is_shown_instead()
    {
        string? note = WindowsOwnerNotes.Note(executables: true, elevated: false, hidden: 3);

        Assert.NotNull(note);
        Assert.StartsWith("The requested operation requires elevation. Shown is what this user can see: ", note, StringComparison.Ordinal);
        Assert.Contains("3 processes could not be named (their rows say \"Can not obtain ownership information\")", note, StringComparison.Ordinal);
        Assert.EndsWith("Run from an elevated prompt (Run as administrator) to see every owner.", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Dash_b_unelevated_says_so_even_when_every_owner_could_be_named()
    {
        Assert.Equal(
            "The requested operation requires elevation. Shown is what this user can see: every process holding these sockets could be named. Run from an elevated prompt (Run as administrator) to see every owner.",
            WindowsOwnerNotes.Note(executables: true, elevated: false, hidden: 0));
        Assert.Contains("1 process could not be named (its rows say", WindowsOwnerNotes.Note(true, false, 1), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, null)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Nothing_is_said_when_elevated_or_unknown_or_without_b_and_every_name_was_read(bool executables, bool? elevated)
    {
        Assert.Null(WindowsOwnerNotes.Note(executables, elevated, hidden: 0));
    }

    [Fact]
    public void Unnamed_processes_are_counted_with_the_reason_that_fits_the_elevation()
    {
        Assert.Equal("(The names of 2 processes could not be read: the requested operation requires elevation. Their PIDs are shown; run as administrator to see the names.)",
            WindowsOwnerNotes.Note(executables: false, elevated: false, hidden: 2));
        Assert.Equal("(The names of 2 processes could not be read even from an elevated prompt: protected processes. Their PIDs are shown.)",
            WindowsOwnerNotes.Note(executables: true, elevated: true, hidden: 2));
        Assert.Contains("elevated prompt", WindowsOwnerNotes.HiddenReason(elevated: false), StringComparison.Ordinal);
        Assert.Contains("protected processes", WindowsOwnerNotes.HiddenReason(elevated: true), StringComparison.Ordinal);
    }
}
