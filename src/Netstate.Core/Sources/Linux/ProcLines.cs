namespace Netstate.Core.Sources.Linux;

/// <summary>Splits a /proc table into lines; the first (header) line is numbered 0, as netstat counts.</summary>
internal ref struct ProcLines
{
    private ReadOnlySpan<byte> _rest;

    public ProcLines(ReadOnlySpan<byte> text) => _rest = text;

    public int Number { get; private set; } = -1;

    public bool TryNext(out ReadOnlySpan<byte> line)
    {
        if (_rest.IsEmpty)
        {
            line = default;
            return false;
        }
        int end = _rest.IndexOf((byte)'\n');
        line = end < 0 ? _rest : _rest[..end];
        _rest = end < 0 ? default : _rest[(end + 1)..];
        Number++;
        return true;
    }
}
