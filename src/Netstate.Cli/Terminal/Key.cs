namespace Netstate.Cli.Terminal;

/// <summary>What a key press means, after the terminal's escape sequences are decoded.</summary>
internal enum KeyKind
{
    /// <summary>A printable character, in <see cref="Key.Char"/>.</summary>
    Char,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Escape,
    Backspace,
    Delete,
    Tab,
    /// <summary>Ctrl+C (raw mode delivers it as a byte rather than SIGINT).</summary>
    Interrupt,
}

/// <summary>One key press.</summary>
internal readonly record struct Key(KeyKind Kind, char Char = '\0')
{
    public static Key Of(char c) => new(KeyKind.Char, c);

    public bool Is(char c) => Kind == KeyKind.Char && Char == c;
}
