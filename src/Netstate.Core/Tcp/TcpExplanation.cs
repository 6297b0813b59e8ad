using Netstate.Core.Kernel;

namespace Netstate.Core.Tcp;

/// <summary>
/// What a person looking at sockets in one state needs to know. Text is written as paragraphs:
/// single line breaks are spaces, a blank line starts a new paragraph, so renderers can wrap it to
/// any width.
/// </summary>
public sealed record TcpExplanation
{
    /// <summary>What the state means.</summary>
    public required string Meaning { get; init; }

    /// <summary>Which side of a connection is in it (client or server, first or second to close).</summary>
    public required string Who { get; init; }

    /// <summary>How a socket gets into the state.</summary>
    public required string Enters { get; init; }

    /// <summary>How it leaves, including timeouts and resets.</summary>
    public required string Leaves { get; init; }

    /// <summary>What counts and durations are normal.</summary>
    public required string Normal { get; init; }

    /// <summary>What should worry you.</summary>
    public required string Alarming { get; init; }

    /// <summary>The usual reasons for many sockets in this state.</summary>
    public required string Causes { get; init; }

    /// <summary>What to do about it.</summary>
    public required string WhatToDo { get; init; }

    /// <summary>Widespread wrong beliefs about this state, each with the fact.</summary>
    public IReadOnlyList<TcpMyth> Myths { get; init; } = [];

    /// <summary>The sysctls that govern the state.</summary>
    public IReadOnlyList<KernelSetting> Settings { get; init; } = [];

    /// <summary>The text sections in reading order, with their headings.</summary>
    public IReadOnlyList<(string Heading, string Text)> Sections =>
    [
        ("What it means", Meaning),
        ("Who is in it", Who),
        ("How a socket gets here", Enters),
        ("How it leaves", Leaves),
        ("Normal", Normal),
        ("Alarming", Alarming),
        ("Typical causes", Causes),
        ("What to do", WhatToDo),
    ];
}

/// <summary>A common wrong belief and what is actually true.</summary>
public sealed record TcpMyth(string Claim, string Fact);
