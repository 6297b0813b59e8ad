using System.Globalization;

namespace Netstate.Cli.Rendering;

/// <summary>
/// ss's table: fields are kept in a char arena (no string per cell) and printed in batches where ss
/// prints its own (<see cref="SsBatchRule"/>): each column as wide as its longest field so far. A
/// listing of a few thousand sockets is one batch, sized over all rows; 200,000 sockets with their
/// --info lines hold about 4 MiB of text at a time, not all of it. Same columns, delimiters,
/// alignment and spacing rules as iproute2 ss's render(): when writing to a terminal, spare screen
/// width is spread over the columns and rows that do not fit wrap onto several lines; otherwise the
/// output is compact. Nothing is ever cut.
/// </summary>
internal sealed class SsTable
{
    public const int Netns = 0, Netid = 1, State = 2, RecvQ = 3, SendQ = 4, Local = 5, LocalPort = 6, Peer = 7, PeerPort = 8, Process = 9, Last = 10;
    private const int Columns = 11;

    // Netns (netstate's, for --all-namespaces) comes before ss's own columns; Netid's delimiter shows only after it.
    private static readonly string[] Headers = ["Netns", "Netid", "State", "Recv-Q", "Send-Q", "Local Address:", "Port", "Peer Address:", "Port", "Process", ""];
    private static readonly string[] Delimiters = ["", " ", " ", " ", " ", " ", "", " ", "", "", ""];

    private readonly bool[] _disabled = new bool[Columns];
    private readonly int[] _maxLength = new int[Columns];
    private readonly int? _screenWidth;
    private char[] _text = new char[1 << 12];
    private int _length;
    private int[] _ends = new int[Columns];
    private int _tokens;
    private int _column;
    private readonly TextWriter _output;
    private SsBatchRule _batch;

    /// <param name="hideNetid">ss hides Netid when one socket table is listed.</param>
    /// <param name="hideState">ss hides State when the filter selects one state.</param>
    /// <param name="screenWidth">The terminal's width, or null when not writing to a terminal (compact output).</param>
    /// <param name="output">Where the batches are written.</param>
    /// <param name="showNetns">A first column naming each socket's network namespace (--all-namespaces).</param>
    public SsTable(bool hideNetid, bool hideState, int? screenWidth, TextWriter output, bool showNetns = false)
    {
        _disabled[Netns] = !showNetns;
        _disabled[Netid] = hideNetid;
        _disabled[State] = hideState;
        _screenWidth = screenWidth;
        _output = output;
        for (int column = 0; column < Last; column++)
        {
            Field(column);
            Append(Headers[column]);
        }
        EndRow();
    }

    /// <summary>Closes the row; writes the rows so far when ss would.</summary>
    public void EndRow()
    {
        Field(Last);
        if (_batch.Due)
        {
            // ss prints before closing the row's last field, so that field is not counted.
            CloseToken();
            Print();
        }
        else
        {
            Next();
        }
    }

    /// <summary>Writes the rows not yet written.</summary>
    public void Finish()
    {
        if (_tokens > 0)
            Print();
    }

    private void Print()
    {
        WriteRows(_output, Widths());
        _length = 0;
        _tokens = 0;
        _batch.Printed();
    }

    /// <summary>Moves to <paramref name="column"/>, closing the fields in between (empty), wrapping to a new row if needed.</summary>
    public SsTable Field(int column)
    {
        while (_column != column)
            Next();
        return this;
    }

    /// <summary>Closes the current field and moves to the next column.</summary>
    public SsTable Next()
    {
        if (!_disabled[_column])
        {
            int start = _tokens == 0 ? 0 : _ends[_tokens - 1];
            _maxLength[_column] = Math.Max(_maxLength[_column], _length - start);
            _batch.CloseField();
        }
        CloseToken();
        return this;
    }

    /// <summary>Ends the current field's text and moves to the next column.</summary>
    private void CloseToken()
    {
        if (!_disabled[_column])
        {
            if (_tokens == _ends.Length)
                Array.Resize(ref _ends, _ends.Length * 2);
            _ends[_tokens++] = _length;
        }
        _column = _column == Last ? Netns : _column + 1;
    }

    public SsTable Append(ReadOnlySpan<char> text)
    {
        if (_disabled[_column])
            return this;
        text.CopyTo(Reserve(text.Length));
        _length += text.Length;
        _batch.Append(text.Length);
        return this;
    }

    public SsTable Append(char c)
    {
        if (!_disabled[_column])
        {
            Reserve(1)[0] = c;
            _length++;
            _batch.Append(1);
        }
        return this;
    }

    public SsTable Append(ulong value)
    {
        if (!_disabled[_column])
        {
            value.TryFormat(Reserve(20), out int written, default, CultureInfo.InvariantCulture);
            _length += written;
            _batch.Append(written);
        }
        return this;
    }

    /// <summary>
    /// printf("%-6d"): the number left-aligned in at least six characters, as ss writes queue sizes;
    /// '-' when the source has no such figure.
    /// </summary>
    public SsTable AppendPadded(ulong? value)
    {
        int start = _length;
        if (value is ulong known)
            Append(known);
        else
            Append('-');
        if (!_disabled[_column])
        {
            for (int i = _length - start; i < 6; i++)
                Append(' ');
        }
        return this;
    }

    /// <summary>Writes the rows held in the arena (each row every enabled column, Netns to Last).</summary>
    private void WriteRows(TextWriter output, int[] widths)
    {
        int column = 0;
        while (column < Columns && widths[column] == 0)
            column++;
        bool lineStarted = false;
        int tokenStart = 0;
        for (int token = 0; token < _tokens; token++)
        {
            int tokenLength = _ends[token] - tokenStart;
            int printed = 0;
            if (lineStarted)
            {
                output.Write(Delimiters[column]);
                printed = Delimiters[column].Length;
            }
            lineStarted = true;
            int width = widths[column];
            bool right = column is Local or Peer;
            if (width > 0 && right)
                printed += Pad(output, width - tokenLength - printed);
            output.Write(_text, tokenStart, tokenLength);
            printed += tokenLength;
            if (width > 0 && !right)
                Pad(output, width - printed);
            tokenStart = _ends[token];

            do
            {
                if (column == Last)
                {
                    output.Write('\n');
                    column = Netns;
                    lineStarted = false;
                }
                else
                {
                    column++;
                }
            }
            while (_disabled[column]);
        }
        if (lineStarted)
            output.Write('\n');
    }

    private static int Pad(TextWriter output, int count)
    {
        for (int i = 0; i < count; i++)
            output.Write(' ');
        return Math.Max(count, 0);
    }

    /// <summary>ss's render_calc_width: measured widths plus delimiters, then spare screen width spread out.</summary>
    private int[] Widths()
    {
        int screen = _screenWidth ?? int.MaxValue;
        int[] widths = new int[Columns];
        bool first = true;
        for (int c = 0; c < Columns; c++)
        {
            if (_disabled[c])
                continue;
            widths[c] = !first && _maxLength[c] > 0 ? _maxLength[c] + Delimiters[c].Length : _maxLength[c];
            widths[c] = Math.Min(widths[c], screen);
            if (widths[c] > 0)
                first = false;
        }
        if (_screenWidth is null)
            return widths;

        int length = 0, lineColumns = 0, endOfLine = -1;
        for (int c = 0; c < Columns; c++)
        {
            if (widths[c] == 0)
                continue;
            lineColumns++;
            length += widths[c];
            bool last = true;
            for (int next = c + 1; next < Columns; next++)
            {
                if (widths[next] > 0)
                {
                    last = false;
                    break;
                }
            }
            if (!last && length < screen)
                continue;
            if (length != screen)
            {
                if (length > screen)
                {
                    length -= widths[c];
                    c--;
                    lineColumns--;
                }
                int pad = screen - length;
                int spacing = lineColumns > 0 ? pad / lineColumns : 0;
                int remainder = lineColumns > 0 ? pad % lineColumns : 0;
                for (int t = c; t > endOfLine; t--)
                {
                    if (widths[t] == 0)
                        continue;
                    widths[t] += spacing;
                    if (remainder > 0)
                    {
                        widths[t]++;
                        remainder--;
                    }
                }
            }
            endOfLine = c;
            length = 0;
            lineColumns = 0;
        }
        return widths;
    }

    private Span<char> Reserve(int count)
    {
        if (_length + count > _text.Length)
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _length + count));
        return _text.AsSpan(_length);
    }
}
