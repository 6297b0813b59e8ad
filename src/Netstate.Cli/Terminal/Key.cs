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
    /// <summary>The left mouse button pressed at <see cref="Key.Column"/>, <see cref="Key.Row"/>.</summary>
    Click,
    /// <summary>The mouse wheel turned up (away from the user) over the screen.</summary>
    WheelUp,
    /// <summary>The mouse wheel turned down.</summary>
    WheelDown,
}

/// <summary>One key press, or a mouse event with its cell (1-based, as the terminal reports it).</summary>
internal readonly record struct Key(KeyKind Kind, char Char = '\0', int Column = 0, int Row = 0)
{
    public bool IsMouse => Kind is KeyKind.Click or KeyKind.WheelUp or KeyKind.WheelDown;

    public static Key Of(char c) => new(KeyKind.Char, c);

    public bool Is(char c) => Kind == KeyKind.Char && Char == c;
}
