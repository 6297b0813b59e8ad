using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>One netlink message: its header fields and its payload (the bytes after the header).</summary>
internal readonly ref struct NetlinkMessage
{
    public NetlinkMessage(ushort type, ushort flags, uint sequence, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        Payload = payload;
    }

    public ushort Type { get; }

    public ushort Flags { get; }

    public uint Sequence { get; }

    public ReadOnlySpan<byte> Payload { get; }
}

/// <summary>
/// Walks the netlink messages packed in one received buffer. Every length comes from the kernel
/// (or a recorded file), so each is checked against what is left before it is used.
/// </summary>
internal ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _rest;
    private int _offset;

    public NetlinkMessageReader(ReadOnlySpan<byte> buffer)
    {
        _rest = buffer;
        _offset = 0;
    }

    /// <summary>The next message, or false at the end of the buffer; throws on a malformed header.</summary>
    public bool TryRead(out NetlinkMessage message)
    {
        message = default;
        if (_rest.IsEmpty)
            return false;
        if (_rest.Length < SockDiagLayout.HeaderSize)
            ThrowMalformed($"{_rest.Length} stray bytes where a 16-byte message header should start");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(_rest);
        if (length < SockDiagLayout.HeaderSize)
            ThrowMalformed($"a message claims {length} bytes, less than its own header");
        if (length > (uint)_rest.Length)
            ThrowMalformed($"a message claims {length} bytes but only {_rest.Length} remain (truncated reply)");
        message = new NetlinkMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(_rest[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(_rest[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(_rest[8..]),
            _rest[SockDiagLayout.HeaderSize..(int)length]);
        int advance = Math.Min(SockDiagLayout.Align((int)length), _rest.Length);
        _rest = _rest[advance..];
        _offset += advance;
        return true;
    }

    [DoesNotReturn]
    private readonly void ThrowMalformed(string what) =>
        throw new SockDiagException($"malformed netlink reply at byte {_offset}: {what}");
}

/// <summary>One route attribute (struct rtattr / nlattr): a type and its value bytes.</summary>
internal readonly ref struct NetlinkAttr
{
    public NetlinkAttr(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The attribute type, with the nested and byte-order flag bits cleared.</summary>
    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Walks the attributes after a fixed message header; a bad length ends the walk with an error.</summary>
internal ref struct NetlinkAttributeReader
{
    private const int AttributeHeaderSize = 4;
    private const ushort TypeMask = 0x3FFF;
    private ReadOnlySpan<byte> _rest;

    public NetlinkAttributeReader(ReadOnlySpan<byte> attributes) => _rest = attributes;

    public bool TryRead(out NetlinkAttr attribute)
    {
        attribute = default;
        if (_rest.Length < AttributeHeaderSize)
            return false; // trailing padding shorter than a header is not an error
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]);
        if (length < AttributeHeaderSize || length > _rest.Length)
            throw new SockDiagException($"malformed netlink attribute: type {type & TypeMask} claims {length} bytes, {_rest.Length} remain");
        attribute = new NetlinkAttr((ushort)(type & TypeMask), _rest[AttributeHeaderSize..length]);
        _rest = _rest[Math.Min(SockDiagLayout.Align(length), _rest.Length)..];
        return true;
    }
}
