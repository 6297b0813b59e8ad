using System.Buffers.Binary;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux.SockDiag;

namespace Netstate.Core.Tests;

/// <summary>The congestion modules' own netlink attributes (INET_DIAG_VEGASINFO, _DCTCPINFO, _BBRINFO), as ss -i prints them.</summary>
public sealed class CongestionModuleTests
{
    [Fact]
    public void Bbr_dctcp_and_vegas_attributes_are_read_field_by_field()
    {
        byte[] bbr = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(bbr, 0x89ABCDEF);      // bw low
        BinaryPrimitives.WriteUInt32LittleEndian(bbr.AsSpan(4), 0x1);    // bw high
        BinaryPrimitives.WriteUInt32LittleEndian(bbr.AsSpan(8), 11);     // min_rtt us
        BinaryPrimitives.WriteUInt32LittleEndian(bbr.AsSpan(12), 739);   // pacing gain
        BinaryPrimitives.WriteUInt32LittleEndian(bbr.AsSpan(16), 512);   // cwnd gain
        byte[] dctcp = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(dctcp, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(dctcp.AsSpan(2), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(dctcp.AsSpan(4), 1024);
        BinaryPrimitives.WriteUInt32LittleEndian(dctcp.AsSpan(8), 5);
        BinaryPrimitives.WriteUInt32LittleEndian(dctcp.AsSpan(12), 6);
        byte[] vegas = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(vegas, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(vegas.AsSpan(4), 7);
        BinaryPrimitives.WriteUInt32LittleEndian(vegas.AsSpan(8), 300);
        BinaryPrimitives.WriteUInt32LittleEndian(vegas.AsSpan(12), 200);

        byte[] payload = [.. Message(), .. Attribute(16, bbr), .. Attribute(9, dctcp), .. Attribute(3, vegas)];
        SocketEntry entry = InetDiagParser.Parse(payload, Protocol.Tcp, SocketDetail.CongestionModule);

        Assert.Equal(new BbrDetails(0x1_89AB_CDEFUL, 11, 739, 512), entry.Details!.Bbr);
        Assert.Equal(new DctcpDetails(true, 2, 1024, 5, 6), entry.Details.Dctcp);
        Assert.Equal(new VegasDetails(true, 7, 300, 200), entry.Details.Vegas);
    }

    [Fact]
    public void Short_congestion_attributes_are_ignored_and_nothing_is_read_unless_asked()
    {
        byte[] payload = [.. Message(), .. Attribute(16, new byte[12]), .. Attribute(9, new byte[4])];
        SocketEntry asked = InetDiagParser.Parse(payload, Protocol.Tcp, SocketDetail.CongestionModule);
        Assert.Null(asked.Details!.Bbr);
        Assert.Null(asked.Details.Dctcp);
        Assert.Null(InetDiagParser.Parse(payload, Protocol.Tcp, SocketDetail.None).Details);
    }

    [Fact]
    public void The_module_state_is_asked_for_with_the_vegasinfo_bit()
    {
        var query = new SocketQuery(SocketTables.Tcp4) { Details = SocketDetail.CongestionModule };
        byte[] request = SockDiagRequest.For(SocketTables.Tcp4, query, 1);
        Assert.Equal((byte)(1 << (3 - 1)), request[16 + 2]);
    }

    /// <summary>An inet_diag_msg for an IPv4 TCP socket with everything else zero.</summary>
    private static byte[] Message()
    {
        byte[] message = new byte[SockDiagLayout.InetMessageSize];
        message[0] = 2; // AF_INET
        message[1] = (byte)TcpState.Established;
        return message;
    }

    private static byte[] Attribute(ushort type, byte[] value)
    {
        byte[] attribute = new byte[SockDiagLayout.Align(4 + value.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        value.CopyTo(attribute, 4);
        return attribute;
    }
}
